package org.minternet.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.tls.TlsContexts;
import org.minternet.http.TestApps;
import org.minternet.http.HttpServer;
import org.minternet.http.Response;
import org.minternet.http.Sessions;
import org.minternet.http.Site;
import org.minternet.http.TestSite;

/** The Java client and fetch against the origin server, and against a scripted peer. */
class ClientTest {
  @TempDir Path tmp;
  HttpServer server;
  String base;
  final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Path site = tmp.resolve("site");
    TestSite.write(site, "gaia.cs.umass.edu");
    Sessions sessions = new Sessions(org.minternet.core.store.Store.inMemory());
    server = HttpServer.builder().sessions(sessions)
        .site(TestApps.install(Site.builder("gaia.cs.umass.edu").root(site), sessions)
            .get("/moved", r -> Response.redirect(302, "/style.css"))
            .get("/loop", r -> Response.redirect(302, "/loop")).build())
        .tls(TlsContexts.selfSigned(tmp.resolve("data"), List.of("localhost", "127.0.0.1")), 0)
        .accessLog(log::add).build();
    server.start();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void persistentConnectionsAreReused() throws Exception {
    try (HttpClient c = HttpClient.builder().build()) {
      for (int i = 0; i < 5; i++) {
        assertThat(c.send(ClientRequest.get(base + "/style.css")).status()).isEqualTo(200);
      }
    }
    assertThat(server.connectionsAccepted()).isEqualTo(1);
  }

  @Test
  void withoutKeepAliveEachRequestHasItsConnection() throws Exception {
    try (HttpClient c = HttpClient.builder().keepAlive(false).build()) {
      for (int i = 0; i < 3; i++) c.send(ClientRequest.get(base + "/style.css"));
    }
    assertThat(server.connectionsAccepted()).isEqualTo(3);
  }

  @Test
  void redirectsAreFollowedWhenAsked() throws Exception {
    try (HttpClient c = HttpClient.builder().followRedirects(5).build()) {
      ClientResponse r = c.send(ClientRequest.get(base + "/moved"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.uri().getPath()).isEqualTo("/style.css");
      assertThat(c.send(ClientRequest.get(base + "/loop")).status()).isEqualTo(302);
    }
    try (HttpClient c = HttpClient.builder().build()) {
      assertThat(c.send(ClientRequest.get(base + "/moved")).status()).isEqualTo(302);
    }
  }

  @Test
  void cookiesGoBackToTheServer() throws Exception {
    CookieJar jar = CookieJar.empty();
    try (HttpClient c = HttpClient.builder().cookies(jar).build()) {
      c.send(ClientRequest.get(base + "/visits"));
      assertThat(c.send(ClientRequest.get(base + "/visits")).bodyText()).contains("visits\">2<");
    }
    assertThat(jar.all()).singleElement().satisfies(k -> {
      assertThat(k.name()).isEqualTo("MSESSIONID");
      assertThat(k.httpOnly()).isTrue();
    });
  }

  @Test
  void httpsWithTheWorldCertificate() throws Exception {
    var trust = TlsContexts.trusting(TlsContexts.worldCertificate(tmp.resolve("data")));
    try (HttpClient c = HttpClient.builder().tls(trust).cookies(CookieJar.empty()).build()) {
      ClientResponse r = c.send(ClientRequest.get("https://localhost:" + server.tlsPort() + "/visits"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.header("Set-Cookie")).contains("; Secure");
    }
    try (HttpClient c = HttpClient.builder().build()) {
      assertThatThrownBy(() -> c.send(ClientRequest.get("https://localhost:" + server.tlsPort() + "/")))
          .isInstanceOf(IOException.class);
    }
  }

  /**
   * The client tried only the first resolved address; the proxy's origin pool tried each. The one
   * client tries each in turn.
   */
  @Test
  void everyResolvedAddressIsTried() throws Exception {
    org.minternet.core.naming.NameResolver twoAddresses = new org.minternet.core.naming.NameResolver() {
      @Override
      public List<InetAddress> addresses(String host) throws IOException {
        return List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.1"));
      }

      @Override
      public List<org.minternet.core.naming.MailExchanger> mailExchangers(String d) {
        return List.of();
      }
    };
    try (HttpClient c = HttpClient.builder().resolver(twoAddresses).build()) {
      ClientResponse r = c.send(ClientRequest.get("http://two.test:" + server.port() + "/style.css"));
      assertThat(r.status()).isEqualTo(200);
    }
  }

  /**
   * The proxy's upstream read a response head within its read timeout as a whole; the client
   * timed only each read, so a server trickling its head held it as long as it liked. The one
   * client bounds the whole head.
   */
  @Test
  void aResponseHeadTricklingPastTheTimeoutFails() throws Exception {
    ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      try (ss; Socket s = ss.accept()) {
        s.getInputStream().read(new byte[4096]);
        OutputStream out = s.getOutputStream();
        out.write("HTTP/1.1 200 OK\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 0; i < 40; i++) {
          Thread.sleep(200);
          out.write(("X-" + i + ": y\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the client gave up
      }
    });
    try (HttpClient c = HttpClient.builder().timeout(java.time.Duration.ofSeconds(1)).build()) {
      assertThatThrownBy(() -> c.send(ClientRequest.get("http://127.0.0.1:" + ss.getLocalPort()
          + "/"))).isInstanceOf(java.net.SocketTimeoutException.class);
    }
  }

  /** A scripted peer: answers each connection with the given raw bytes, records what it got. */
  static int scripted(String response, List<String> received) throws IOException {
    ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      try (ss; Socket s = ss.accept()) {
        s.setSoTimeout(5000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          int b = in.read();
          if (b < 0) return;
          head.write(b);
        }
        received.add(head.toString(StandardCharsets.ISO_8859_1));
        OutputStream out = s.getOutputStream();
        out.write(response.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        // test peer
      }
    });
    return ss.getLocalPort();
  }

  @Test
  void chunkedResponsesAreDecoded() throws Exception {
    List<String> got = new CopyOnWriteArrayList<>();
    int port = scripted("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\nTrailer: t\r\n\r\n", got);
    try (HttpClient c = HttpClient.builder().build()) {
      ClientResponse r = c.send(ClientRequest.get("http://127.0.0.1:" + port + "/x?q=1"));
      assertThat(r.bodyText()).isEqualTo("Wikipedia");
    }
    assertThat(got.get(0)).startsWith("GET /x?q=1 HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
  }

  @Test
  void bodyUntilCloseForHttp10() throws Exception {
    int port = scripted("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it", new CopyOnWriteArrayList<>());
    try (HttpClient c = HttpClient.builder().build()) {
      assertThat(c.send(ClientRequest.get("http://127.0.0.1:" + port + "/")).bodyText()).isEqualTo("all of it");
    }
  }

  @Test
  void malformedResponseIsAnError() throws Exception {
    int port = scripted("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", new CopyOnWriteArrayList<>());
    try (HttpClient c = HttpClient.builder().build()) {
      assertThatThrownBy(() -> c.send(ClientRequest.get("http://127.0.0.1:" + port + "/")))
          .isInstanceOf(IOException.class).hasMessageContaining("malformed response");
    }
  }

  @Test
  void proxyGetsAbsoluteForm() throws Exception {
    List<String> got = new CopyOnWriteArrayList<>();
    int port = scripted("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", got);
    try (HttpClient c = HttpClient.builder()
        .proxy(new java.net.InetSocketAddress("127.0.0.1", port)).build()) {
      assertThat(c.send(ClientRequest.get("http://gaia.cs.umass.edu:8080/a?b")).bodyText()).isEqualTo("ok");
    }
    assertThat(got.get(0)).startsWith("GET http://gaia.cs.umass.edu:8080/a?b HTTP/1.1\r\n"
        + "Host: gaia.cs.umass.edu:8080\r\n");
  }

  /** A CONNECT-only proxy: answers 200 and relays bytes to {@code target}; records the request. */
  static int connectProxy(int target, List<String> received) throws IOException {
    ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      try (ss; Socket client = ss.accept(); Socket origin = new Socket("127.0.0.1", target)) {
        InputStream in = client.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
          int b = in.read();
          if (b < 0) return;
          head.write(b);
        }
        received.add(head.toString(StandardCharsets.ISO_8859_1));
        client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        Thread up = Thread.ofVirtual().start(() -> {
          try {
            in.transferTo(origin.getOutputStream());
          } catch (IOException e) {
            // closed
          }
        });
        origin.getInputStream().transferTo(client.getOutputStream());
        up.join(1000);
      } catch (IOException | InterruptedException e) {
        // test peer
      }
    });
    return ss.getLocalPort();
  }

  @Test
  void httpsThroughAProxyUsesConnect() throws Exception {
    List<String> got = new CopyOnWriteArrayList<>();
    int proxy = connectProxy(server.tlsPort(), got);
    var trust = TlsContexts.trusting(TlsContexts.worldCertificate(tmp.resolve("data")));
    try (HttpClient c = HttpClient.builder().tls(trust)
        .proxy(new java.net.InetSocketAddress("127.0.0.1", proxy)).build()) {
      ClientResponse r = c.send(ClientRequest.get("https://localhost:" + server.tlsPort() + "/style.css"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.bodyText()).startsWith("body {");
    }
    assertThat(got.get(0)).startsWith("CONNECT localhost:" + server.tlsPort() + " HTTP/1.1\r\n");
  }

  @Test
  void pageLoadModes() throws Exception {
    String url = base + "/";
    Fetch.PageLoad persistent = Fetch.loadPage(new FetchOptions(url).objects(true));
    assertThat(persistent.rows()).hasSize(1 + TestSite.IMAGES + 2);
    assertThat(persistent.rows()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(persistent.connections()).isEqualTo(1);
    Fetch.PageLoad nonPersistent = Fetch.loadPage(new FetchOptions(url).objects(true)
        .mode(FetchOptions.Mode.NON_PERSISTENT).parallel(3));
    assertThat(nonPersistent.connections()).isEqualTo(13);
    Fetch.PageLoad pipelined = Fetch.loadPage(new FetchOptions(url).objects(true)
        .mode(FetchOptions.Mode.PIPELINED));
    assertThat(pipelined.connections()).isEqualTo(1);
    assertThat(pipelined.rows()).hasSize(13);
    Fetch.PageLoad parallel = Fetch.loadPage(new FetchOptions(url).objects(true).parallel(4));
    assertThat(parallel.connections()).isEqualTo(4);
    assertThat(parallel.rows().stream().map(r -> r.uri().getPath()).distinct().count()).isEqualTo(13);
  }

  @Test
  void modeSpellings() {
    assertThat(FetchOptions.Mode.parse("non-persistent")).isEqualTo(FetchOptions.Mode.NON_PERSISTENT);
    assertThat(FetchOptions.Mode.parse("Pipelined")).isEqualTo(FetchOptions.Mode.PIPELINED);
    assertThatThrownBy(() -> FetchOptions.Mode.parse("quic")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fetchPrintsWaterfall() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Fetch.run(new FetchOptions(base + "/").objects(true), new java.io.PrintStream(out),
        new java.io.PrintStream(new ByteArrayOutputStream()));
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("/images/img10.png")
        .contains("13 objects").contains("1 TCP connection,");
  }

  @Test
  void fetchCurlBasics() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Fetch.run(new FetchOptions(base + "/style.css").head(true), new java.io.PrintStream(out),
        new java.io.PrintStream(err));
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200 OK\r\n")
        .contains("Content-Type: text/css");
    out.reset();
    Fetch.run(new FetchOptions(base + "/form").data("a=1&b=2").verbose(true),
        new java.io.PrintStream(out), new java.io.PrintStream(err));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a=1\nb=2\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("> POST /form HTTP/1.1")
        .contains("> Content-Type: application/x-www-form-urlencoded").contains("< HTTP/1.1 200 OK");
    Path file = tmp.resolve("out/big.bin");
    Fetch.run(new FetchOptions(base + "/moved").location(true).output(file),
        new java.io.PrintStream(out), new java.io.PrintStream(err));
    assertThat(Files.readString(file)).startsWith("body {");
    assertThat(Fetch.run(new FetchOptions("http://127.0.0.1:1/"), new java.io.PrintStream(out),
        new java.io.PrintStream(err))).isEqualTo(1);
  }

  @Test
  void cookieFileKeepsTheSession() throws Exception {
    Path jar = tmp.resolve("cookies.txt");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 2; i++) {
      out.reset();
      Fetch.run(new FetchOptions(base + "/visits").cookieFile(jar), new java.io.PrintStream(out),
          System.err);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("visits\">2<");
    assertThat(Files.readString(jar)).startsWith("# Netscape HTTP Cookie File")
        .contains("#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tMSESSIONID\t");
  }

  @Test
  void localCacheRevalidatesWithConditionalGet() throws Exception {
    Path cache = tmp.resolve("cache");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Fetch.run(new FetchOptions(base + "/style.css").cacheDir(cache), new java.io.PrintStream(out),
        new java.io.PrintStream(err));
    String first = out.toString(StandardCharsets.UTF_8);
    out.reset();
    Fetch.run(new FetchOptions(base + "/style.css").cacheDir(cache), new java.io.PrintStream(out),
        new java.io.PrintStream(err));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(first).startsWith("body {");
    assertThat(log).hasSize(2);
    assertThat(log.get(1)).contains("\"GET /style.css HTTP/1.1\" 304 ");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("304 Not Modified");
  }

  @Test
  void htmlObjectsAreFound() {
    URI b = URI.create("http://h/dir/page.html");
    String html = "<html><head><link rel=\"stylesheet\" href=\"s.css\"><link rel=canonical href=/c>"
        + "<script src='/js/a.js'></script></head><body><!-- <img src=\"hidden.png\"> -->"
        + "<IMG SRC=img.png><video poster=\"p.jpg\"><source src=\"v.mp4\" type=\"video/mp4\"></video>"
        + "<img src=\"data:image/png;base64,xx\"><img src=\"http://other/x.png#frag\"><img src=img.png>"
        + "<a href=\"link.html\">x</a></body></html>";
    assertThat(HtmlObjects.find(html, b)).extracting(URI::toString).containsExactly(
        "http://h/dir/s.css", "http://h/js/a.js", "http://h/dir/img.png", "http://h/dir/p.jpg",
        "http://h/dir/v.mp4", "http://other/x.png");
  }
}
