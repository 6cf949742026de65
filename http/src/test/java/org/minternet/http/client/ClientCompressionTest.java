package org.minternet.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.http.HttpServer;
import org.minternet.http.Response;
import org.minternet.http.Site;
import org.minternet.http.TestSite;

/**
 * Compressed mode ({@code --compressed}) against the origin server, which gzips static text when
 * asked, and routes that send other codings, chains of them, broken data and a gzip bomb.
 */
class ClientCompressionTest {
  private static final String TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(200);
  private static final long GIB = 1L << 30;

  @TempDir Path tmp;
  HttpServer server;
  String base;
  final List<String> acceptEncoding = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Path site = tmp.resolve("site");
    TestSite.write(site, "gaia.cs.umass.edu");
    Files.writeString(site.resolve("text.txt"), TEXT);
    Files.writeString(site.resolve("objects.html"), "<html><body>"
        + "<script src=\"/ok.js\"></script><script src=\"/bomb.js\"></script>"
        + "<img src=\"/text.txt\"></body></html>");
    byte[] text = TEXT.getBytes(StandardCharsets.US_ASCII);
    server = HttpServer.builder().site(Site.builder("gaia.cs.umass.edu").root(site)
        .get("/seen", r -> {
          acceptEncoding.add(String.valueOf(r.header("Accept-Encoding")));
          return Response.text(200, "seen");
        })
        .get("/zlib", r -> coded(deflate(text, false), "deflate"))
        .get("/raw-deflate", r -> coded(deflate(text, true), "deflate"))
        .get("/chain", r -> coded(gzip(deflate(text, false)), "deflate, gzip"))
        .get("/x-gzip", r -> coded(gzip(text), "x-gzip"))
        .get("/unknown-outer", r -> coded(gzip(text), "gzip, br"))
        .get("/unknown-inner", r -> coded(gzip(text), "br, gzip"))
        .get("/corrupt", r -> coded("this is not gzip".getBytes(StandardCharsets.US_ASCII), "gzip"))
        .get("/truncated", r -> {
          byte[] gz = gzip(text);
          return coded(Arrays.copyOf(gz, gz.length / 2), "gzip");
        })
        .get("/empty", r -> coded(new byte[0], "gzip"))
        .get("/ok.js", r -> coded(gzip(text), "gzip"))
        .get("/bomb.js", r -> bomb())
        .get("/bomb", r -> bomb())
        .build()).build();
    server.start();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Response coded(byte[] body, String coding) {
    return Response.ok().body(body, "text/plain").header("Content-Encoding", coding);
  }

  /**
   * 1 GiB of zeros through gzip (about 1 MiB), compressed while it is sent (chunked): never in
   * memory, and stopped when the client is gone.
   */
  private Response bomb() {
    return Response.ok().header("Content-Encoding", "gzip").stream("text/plain", out -> {
      byte[] zeros = new byte[1 << 16];
      try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
        {
          def.setLevel(Deflater.BEST_SPEED);
        }
      }) {
        for (long sent = 0; sent < GIB; sent += zeros.length) {
          gz.write(zeros);
        }
      }
    });
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  static byte[] deflate(byte[] data, boolean raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
    try (DeflaterOutputStream z = new DeflaterOutputStream(out, d)) {
      z.write(data);
    }
    d.end();
    return out.toByteArray();
  }

  private static HttpClient compressed() {
    return HttpClient.builder().compressed(true).build();
  }

  @Test
  void withoutTheOptionNoAcceptEncodingAndNoGzip() throws Exception {
    try (HttpClient c = HttpClient.builder().build()) {
      c.send(ClientRequest.get(base + "/seen"));
      ClientResponse r = c.send(ClientRequest.get(base + "/text.txt"));
      assertThat(r.header("Content-Encoding")).isNull();
      assertThat(r.bodyText()).isEqualTo(TEXT);
      assertThat(r.codings()).isEqualTo(ClientResponse.Codings.NONE);
      assertThat(r.timing().decodedBytes()).isEqualTo(r.timing().bytes()).isEqualTo(TEXT.length());
    }
    assertThat(acceptEncoding).containsExactly("null");
  }

  @Test
  void gzipFromTheOriginServerIsDecodedAndTheConnectionReused() throws Exception {
    try (HttpClient c = compressed()) {
      c.send(ClientRequest.get(base + "/seen"));
      ClientResponse r = c.send(ClientRequest.get(base + "/text.txt"));
      assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(r.bodyText()).isEqualTo(TEXT);
      assertThat(r.codings().decoded()).containsExactly("gzip");
      assertThat(r.codings().undecoded()).isEmpty();
      assertThat(r.timing().bytes()).isEqualTo(Long.parseLong(r.header("Content-Length")))
          .isLessThan(TEXT.length() / 10);
      assertThat(r.timing().decodedBytes()).isEqualTo(TEXT.length());
      ClientResponse again = c.send(ClientRequest.get(base + "/text.txt"));
      assertThat(again.bodyText()).isEqualTo(TEXT);
      assertThat(again.timing().reused()).isTrue();
    }
    assertThat(acceptEncoding).containsExactly("gzip, deflate");
    assertThat(server.connectionsAccepted()).isEqualTo(1);
  }

  @Test
  void deflateInBothFormsXGzipAndChainsAreDecoded() throws Exception {
    try (HttpClient c = compressed()) {
      for (String path : List.of("/zlib", "/raw-deflate", "/x-gzip")) {
        ClientResponse r = c.send(ClientRequest.get(base + path));
        assertThat(r.bodyText()).as(path).isEqualTo(TEXT);
      }
      ClientResponse chain = c.send(ClientRequest.get(base + "/chain"));
      assertThat(chain.bodyText()).isEqualTo(TEXT);
      assertThat(chain.codings().decoded()).containsExactly("deflate", "gzip");
    }
  }

  @Test
  void unknownCodingsStayOnTheBody() throws Exception {
    try (HttpClient c = compressed()) {
      ClientResponse outer = c.send(ClientRequest.get(base + "/unknown-outer"));
      assertThat(outer.body()).isEqualTo(gzip(TEXT.getBytes(StandardCharsets.US_ASCII)));
      assertThat(outer.codings().decoded()).isEmpty();
      assertThat(outer.codings().undecoded()).containsExactly("gzip", "br");
      ClientResponse inner = c.send(ClientRequest.get(base + "/unknown-inner"));
      assertThat(inner.bodyText()).isEqualTo(TEXT);
      assertThat(inner.codings().decoded()).containsExactly("gzip");
      assertThat(inner.codings().undecoded()).containsExactly("br");
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Fetch.run(new FetchOptions(base + "/unknown-outer").compressed(true),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(rc).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("left in Content-Encoding gzip, br");
  }

  @Test
  void brokenDataFailsTheObjectWithAClearError() throws Exception {
    try (HttpClient c = compressed()) {
      assertThatThrownBy(() -> c.send(ClientRequest.get(base + "/corrupt")))
          .isInstanceOf(ContentDecodingException.class).hasMessageContaining("gzip content of")
          .hasMessageContaining("corrupt");
      assertThatThrownBy(() -> c.send(ClientRequest.get(base + "/truncated")))
          .isInstanceOf(ContentDecodingException.class).hasMessageContaining("truncated");
      ClientResponse empty = c.send(ClientRequest.get(base + "/empty"));
      assertThat(empty.status()).isEqualTo(200);
      assertThat(empty.body()).isEmpty();
      ClientResponse head = c.send(new ClientRequest("HEAD", java.net.URI.create(base + "/text.txt"),
          null, null));
      assertThat(head.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(head.body()).isEmpty();
      assertThat(head.codings()).isEqualTo(ClientResponse.Codings.NONE);
    }
  }

  @Test
  void gzipBombFailsAtTheLimitWithoutReadingItAll() throws Exception {
    long limit = 16L << 20;
    try (HttpClient c = HttpClient.builder().compressed(true).maxBody(limit).build()) {
      assertThatThrownBy(() -> c.send(ClientRequest.get(base + "/bomb")))
          .isInstanceOfSatisfying(ContentDecodingException.class, e -> {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.timing().decodedBytes()).isBetween(limit - 65536, limit);
            assertThat(e.timing().bytes()).isLessThan(limit / 100);
          })
          .hasMessageContaining("decodes to more than " + limit + " bytes")
          .hasMessageContaining("decompression bomb");
      // the failed connection was dropped: the next request works on a new one
      assertThat(c.send(ClientRequest.get(base + "/seen")).status()).isEqualTo(200);
    }
  }

  @Test
  void gzipBombToAFileFailsTooAndLeavesNoFile() throws Exception {
    Path out = tmp.resolve("bomb.txt");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = Fetch.run(new FetchOptions(base + "/bomb").compressed(true).output(out)
        .maxFileSize(8L << 20).progress(false), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("decompression bomb");
    assertThat(out).doesNotExist();
    try (var left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void pageLoadFailsOnlyTheBombAndShowsBothSizes() throws Exception {
    FetchOptions o = new FetchOptions(base + "/objects.html").objects(true).compressed(true)
        .maxFileSize(8L << 20);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = Fetch.run(o, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream()));
    String waterfall = out.toString(StandardCharsets.UTF_8);
    assertThat(rc).isZero();
    assertThat(waterfall.lines().findFirst().orElseThrow()).contains("bytes", "decoded");
    String ok = waterfall.lines().filter(l -> l.endsWith("/ok.js")).findFirst().orElseThrow();
    String[] f = ok.trim().split("\\s+");
    assertThat(Long.parseLong(f[3])).isEqualTo(TEXT.length());
    assertThat(Long.parseLong(f[2])).isLessThan(TEXT.length() / 10);
    assertThat(waterfall).containsPattern("/bomb\\.js  ! gzip content of .* decompression bomb");
    assertThat(waterfall).containsPattern("4 objects \\(1 failed\\), \\d+ bytes transferred "
        + "\\(\\d+ decoded\\)");
    Fetch.PageLoad load = Fetch.loadPage(o);
    assertThat(load.rows()).hasSize(4);
    assertThat(load.rows().stream().filter(r -> r.error() != null).map(r -> r.uri().getPath()))
        .containsExactly("/bomb.js");
  }

  @Test
  void withoutTheOptionTheWaterfallIsUnchanged() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Fetch.run(new FetchOptions(base + "/").objects(true), new PrintStream(out, true,
        StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    String waterfall = out.toString(StandardCharsets.UTF_8);
    assertThat(waterfall.lines().findFirst().orElseThrow()).doesNotContain("decoded")
        .matches("#\\s+code\\s+bytes\\s+start ms.*");
    assertThat(waterfall).containsPattern("\\d+ objects, \\d+ bytes, \\d+ TCP connection");
  }

  @Test
  void localCacheKeepsTheDecodedBodyWithMatchingHeaders() throws Exception {
    Path cache = tmp.resolve("cache");
    FetchOptions o = new FetchOptions(base + "/text.txt").compressed(true).cacheDir(cache);
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    assertThat(Fetch.run(o, new PrintStream(first), new PrintStream(new ByteArrayOutputStream())))
        .isZero();
    assertThat(first.toString(StandardCharsets.US_ASCII)).isEqualTo(TEXT);
    LocalCache.Entry e = new LocalCache(cache).lookup(java.net.URI.create(base + "/text.txt"));
    assertThat(e.body()).hasSize(TEXT.length());
    assertThat(e.headers().get("Content-Encoding")).isNull();
    assertThat(e.headers().get("Content-Length")).isNull();
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Fetch.run(o, new PrintStream(again), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("304 Not Modified");
    assertThat(again.toString(StandardCharsets.US_ASCII)).isEqualTo(TEXT);
  }

  @Test
  void verboseReportsBothSizes() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Fetch.run(new FetchOptions(base + "/text.txt").compressed(true).verbose(true),
        new PrintStream(OutputStream.nullOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(err.toString(StandardCharsets.UTF_8))
        .containsPattern("fetch: \\d+ bytes transferred, " + TEXT.length() + " bytes decoded \\(gzip\\)")
        .contains("Accept-Encoding: gzip, deflate");
  }
}
