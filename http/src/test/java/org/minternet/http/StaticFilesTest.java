package org.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.http.wire.HttpDate;

/** Static files: types, index, redirects, traversal, validators, conditionals, ranges, gzip. */
class StaticFilesTest {
  @TempDir Path tmp;
  Path root;
  HttpServer server;
  int port;
  static final String TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(20);

  @BeforeEach
  void start() throws Exception {
    root = Files.createDirectories(tmp.resolve("www"));
    Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
    Files.writeString(root.resolve("page.txt"), TEXT);
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("docs/index.html"), "docs");
    Files.createDirectories(root.resolve("empty"));
    Files.write(root.resolve("img.png"), TestSite.png(4, 4, 1));
    Files.writeString(tmp.resolve("secret.txt"), "SECRET");
    Files.createSymbolicLink(root.resolve("escape.txt"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("outdir"), tmp);
    server = HttpServer.builder().site(Site.builder("x").root(root).build())
        .authenticator(BasicAuthenticator.of(Map.of("alice", "wonderland")))
        .basicAuthOverPlainHttp(true).build();
    server.start();
    port = server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Raw.Resp get(String target, String... headers) throws Exception {
    return request("GET", target, headers);
  }

  Raw.Resp request(String method, String target, String... headers) throws Exception {
    StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: x\r\n");
    for (String h : headers) sb.append(h).append("\r\n");
    return Raw.exchange(port, sb.append("\r\n").toString());
  }

  @Test
  void contentTypesAndIndex() throws Exception {
    Raw.Resp home = get("/");
    assertThat(home.text()).isEqualTo("<h1>home</h1>");
    assertThat(home.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(get("/img.png").header("Content-Type")).isEqualTo("image/png");
    assertThat(get("/page.txt").header("Content-Type")).startsWith("text/plain");
    assertThat(get("/docs/").text()).isEqualTo("docs");
  }

  @Test
  void directoryWithoutSlashRedirects() throws Exception {
    Raw.Resp r = get("/docs?x=1");
    assertThat(r.code()).isEqualTo(301);
    assertThat(r.header("Location")).isEqualTo("/docs/?x=1");
    assertThat(get("/empty/").code()).isEqualTo(404);
    assertThat(get("/missing.txt").code()).isEqualTo(404);
  }

  @Test
  void traversalIsImpossible() throws Exception {
    assertThat(get("/../secret.txt").code()).isEqualTo(404);
    assertThat(get("/docs/../../secret.txt").code()).isEqualTo(404);
    assertThat(get("/%2e%2e/secret.txt").code()).isEqualTo(404);
    assertThat(get("/%2E%2E%2Fsecret.txt").code()).isEqualTo(404);
    assertThat(get("/docs/..%2f..%2fsecret.txt").code()).isEqualTo(404);
    assertThat(get("/..%5csecret.txt").code()).isEqualTo(404);
    assertThat(get("/escape.txt").code()).isEqualTo(404);
    assertThat(get("/outdir/secret.txt").code()).isEqualTo(404);
    assertThat(get("/%00").code()).isEqualTo(400);
    assertThat(get("/page.txt").code()).isEqualTo(200);
  }

  @Test
  void validatorsAndConditionalGet() throws Exception {
    Raw.Resp r = get("/page.txt");
    String etag = r.header("ETag");
    String modified = r.header("Last-Modified");
    assertThat(etag).matches("\"[0-9a-f]+-[0-9a-f]+\"");
    assertThat(HttpDate.parse(modified)).isNotNull();
    Raw.Resp inm = get("/page.txt", "If-None-Match: \"other\", " + etag);
    assertThat(inm.code()).isEqualTo(304);
    assertThat(inm.header("ETag")).isEqualTo(etag);
    assertThat(inm.body()).isEmpty();
    assertThat(get("/page.txt", "If-None-Match: W/" + etag).code()).isEqualTo(304);
    assertThat(get("/page.txt", "If-None-Match: \"other\"").code()).isEqualTo(200);
    assertThat(get("/page.txt", "If-Modified-Since: " + modified).code()).isEqualTo(304);
    assertThat(get("/page.txt", "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT").code()).isEqualTo(200);
    assertThat(get("/page.txt", "If-Modified-Since: garbage").code()).isEqualTo(200);
    // If-None-Match takes precedence over If-Modified-Since (RFC 9110 §13.1.3)
    assertThat(get("/page.txt", "If-None-Match: \"other\"", "If-Modified-Since: " + modified).code())
        .isEqualTo(200);
  }

  @Test
  void preconditionsFailWith412() throws Exception {
    String etag = get("/page.txt").header("ETag");
    assertThat(get("/page.txt", "If-Match: \"other\"").code()).isEqualTo(412);
    assertThat(get("/page.txt", "If-Match: W/" + etag).code()).isEqualTo(412);
    assertThat(get("/page.txt", "If-Match: " + etag).code()).isEqualTo(200);
    assertThat(get("/page.txt", "If-Match: *").code()).isEqualTo(200);
    assertThat(get("/page.txt", "If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT").code()).isEqualTo(412);
    assertThat(get("/page.txt", "If-Unmodified-Since: " + HttpDate.format(java.time.Instant.now()
        .plusSeconds(3600))).code()).isEqualTo(200);
  }

  @Test
  void headHasTheHeadersOfGet() throws Exception {
    Raw.Resp head = request("HEAD", "/page.txt");
    assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(TEXT.length()));
    assertThat(head.header("ETag")).isEqualTo(get("/page.txt").header("ETag"));
    assertThat(head.body()).isEmpty();
  }

  @Test
  void rangeRequests() throws Exception {
    Raw.Resp r = get("/page.txt", "Range: bytes=4-8");
    assertThat(r.code()).isEqualTo(206);
    assertThat(r.text()).isEqualTo("quick");
    assertThat(r.header("Content-Range")).isEqualTo("bytes 4-8/" + TEXT.length());
    assertThat(r.header("Content-Encoding")).isNull();
    Raw.Resp suffix = get("/page.txt", "Range: bytes=-5");
    assertThat(suffix.text()).isEqualTo(TEXT.substring(TEXT.length() - 5));
    Raw.Resp bad = get("/page.txt", "Range: bytes=100000-");
    assertThat(bad.code()).isEqualTo(416);
    assertThat(bad.header("Content-Range")).isEqualTo("bytes */" + TEXT.length());
    assertThat(get("/page.txt", "Range: lines=1-2").code()).isEqualTo(200);
    assertThat(get("/page.txt", "Range: bytes=0-3", "If-Range: \"stale\"").code()).isEqualTo(200);
    String etag = get("/page.txt").header("ETag");
    assertThat(get("/page.txt", "Range: bytes=0-3", "If-Range: " + etag).code()).isEqualTo(206);
  }

  @Test
  void multipleRangesAreMultipart() throws Exception {
    Raw.Resp r = get("/page.txt", "Range: bytes=0-2,4-8");
    assertThat(r.code()).isEqualTo(206);
    assertThat(r.header("Content-Type")).startsWith("multipart/byteranges; boundary=");
    assertThat(r.text()).contains("Content-Range: bytes 0-2/" + TEXT.length() + "\r\n\r\nThe\r\n")
        .contains("Content-Range: bytes 4-8/" + TEXT.length() + "\r\n\r\nquick\r\n");
  }

  @Test
  void overlappingRangesGetTheWholeFile() throws Exception {
    Raw.Resp r = get("/page.txt", "Range: bytes=0-,0-,0-,0-");
    assertThat(r.code()).isEqualTo(200);
    assertThat(r.text()).isEqualTo(TEXT);
  }

  @Test
  void gzipWhenAcceptedWithItsOwnEtagAndVary() throws Exception {
    Raw.Resp plain = get("/page.txt");
    Raw.Resp gz = get("/page.txt", "Accept-Encoding: gzip, deflate");
    assertThat(gz.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(gz.header("Vary")).isEqualTo("Accept-Encoding");
    assertThat(plain.header("Vary")).isEqualTo("Accept-Encoding");
    assertThat(gz.header("ETag")).isNotEqualTo(plain.header("ETag"));
    assertThat(gz.body().length).isLessThan(TEXT.length());
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
    }
    assertThat(get("/page.txt", "Accept-Encoding: gzip", "If-None-Match: " + gz.header("ETag")).code())
        .isEqualTo(304);
    assertThat(get("/page.txt", "If-None-Match: " + gz.header("ETag")).code()).isEqualTo(200);
    assertThat(get("/page.txt", "Accept-Encoding: gzip;q=0").header("Content-Encoding")).isNull();
    assertThat(get("/img.png", "Accept-Encoding: gzip").header("Content-Encoding")).isNull();
  }

  private static String basic(String user, String password) {
    return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void putAndDeleteNeedAuthentication() throws Exception {
    Raw.Resp anonymous = Raw.exchange(port, "PUT /new.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi");
    assertThat(anonymous.code()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic realm=");
    assertThat(Raw.exchange(port, "PUT /new.txt HTTP/1.1\r\nHost: x\r\n" + basic("alice", "nope")
        + "\r\nContent-Length: 2\r\n\r\nhi").code()).isEqualTo(401);
    assertThat(Files.exists(root.resolve("new.txt"))).isFalse();
    Raw.Resp created = Raw.exchange(port, "PUT /sub/new.txt HTTP/1.1\r\nHost: x\r\n"
        + basic("alice", "wonderland") + "\r\nContent-Length: 2\r\n\r\nhi");
    assertThat(created.code()).isEqualTo(201);
    assertThat(Files.readString(root.resolve("sub/new.txt"))).isEqualTo("hi");
    assertThat(Raw.exchange(port, "PUT /sub/new.txt HTTP/1.1\r\nHost: x\r\n"
        + basic("alice", "wonderland") + "\r\nContent-Length: 3\r\n\r\nbye").code()).isEqualTo(204);
    assertThat(get("/sub/new.txt").text()).isEqualTo("bye");
    assertThat(Raw.exchange(port, "PUT /../evil.txt HTTP/1.1\r\nHost: x\r\n"
        + basic("alice", "wonderland") + "\r\nContent-Length: 1\r\n\r\nx").code()).isEqualTo(403);
    assertThat(Files.exists(tmp.resolve("evil.txt"))).isFalse();
    assertThat(Raw.exchange(port, "PUT /outdir/evil.txt HTTP/1.1\r\nHost: x\r\n"
        + basic("alice", "wonderland") + "\r\nContent-Length: 1\r\n\r\nx").code()).isEqualTo(403);
    assertThat(Files.exists(tmp.resolve("evil.txt"))).isFalse();
    assertThat(request("DELETE", "/sub/new.txt").code()).isEqualTo(401);
    assertThat(request("DELETE", "/sub/new.txt", basic("alice", "wonderland")).code()).isEqualTo(204);
    assertThat(request("DELETE", "/sub/new.txt", basic("alice", "wonderland")).code()).isEqualTo(404);
    assertThat(request("DELETE", "/escape.txt", basic("alice", "wonderland")).code()).isEqualTo(204);
    assertThat(Files.exists(tmp.resolve("secret.txt"))).isTrue();
  }

  @Test
  void refusedUploadAwaitingContinueIsAnsweredAtOnce() throws Exception {
    try (Raw r = new Raw(port)) {
      r.send("PUT /big.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      Raw.Resp refused = r.read();
      assertThat(refused.code()).isEqualTo(401);
      assertThat(refused.header("Connection")).isEqualTo("close");
    }
  }

  @Test
  void basicAuthNeedsTlsUnlessConfigured() throws Exception {
    server.close();
    server = HttpServer.builder().site(Site.builder("x").root(root).build())
        .authenticator(BasicAuthenticator.of(Map.of("alice", "wonderland"))).build();
    server.start();
    port = server.port();
    assertThat(Raw.exchange(port, "PUT /n.txt HTTP/1.1\r\nHost: x\r\n" + basic("alice", "wonderland")
        + "\r\nContent-Length: 1\r\n\r\nx").code()).isEqualTo(403);
  }
}
