package org.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection handling of the origin server, driven by raw bytes. */
class ServerTest {
  @TempDir Path dir;
  HttpServer server;
  int port;
  final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    Files.writeString(dir.resolve("a.txt"), "A");
    Files.writeString(dir.resolve("b.txt"), "BB");
    Files.writeString(dir.resolve("c.txt"), "CCC");
    Sessions sessions = new Sessions(org.minternet.core.store.Store.inMemory());
    server = HttpServer.builder().sessions(sessions)
        .site(TestApps.install(Site.builder("www.example.org").root(dir), sessions)
            .route(java.util.Set.of("POST"), "/small", 10, r -> Response.text(200, r.bodyText()))
            .get("/stream", r -> Response.ok().stream("text/plain", out -> {
              for (int i = 0; i < 3; i++) {
                out.write(("part " + i + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
              }
            }))
            .get("/bye", r -> Response.text(200, "bye\n").header("Connection", "close"))
            .get("/boom", r -> {
              throw new IllegalStateException("secret internal detail");
            }).build())
        .headTimeout(Duration.ofMillis(700)).idleTimeout(Duration.ofSeconds(3))
        .accessLog(log::add).build();
    server.start();
    port = server.port();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (Raw r = new Raw(port)) {
      r.send("GET /c.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n"
          + "HEAD /b.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /b.txt HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(r.read().text()).isEqualTo("CCC");
      assertThat(r.read().text()).isEqualTo("A");
      Raw.Resp head = r.read("HEAD");
      assertThat(head.header("Content-Length")).isEqualTo("2");
      assertThat(head.body()).isEmpty();
      assertThat(r.read().text()).isEqualTo("BB");
    }
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    try (Raw r = new Raw(port)) {
      r.send("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(r.read().header("Connection")).isNull();
      r.send("GET /b.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      Raw.Resp second = r.read();
      assertThat(second.text()).isEqualTo("BB");
      assertThat(second.header("Connection")).isEqualTo("close");
      assertThat(r.closedByServer()).isTrue();
    }
  }

  @Test
  void http10ClosesUnlessKeepAliveIsAsked() throws Exception {
    try (Raw r = new Raw(port)) {
      r.send("GET /a.txt HTTP/1.0\r\n\r\n");
      assertThat(r.read().header("Connection")).isEqualTo("close");
      assertThat(r.closedByServer()).isTrue();
    }
    try (Raw r = new Raw(port)) {
      r.send("GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      assertThat(r.read().header("Connection")).isEqualTo("keep-alive");
      r.send("GET /b.txt HTTP/1.0\r\n\r\n");
      assertThat(r.read().text()).isEqualTo("BB");
      assertThat(r.closedByServer()).isTrue();
    }
  }

  @Test
  void slowRequestHeadGets408AndIsClosed() throws Exception {
    try (Raw r = new Raw(port)) {
      r.send("GET /a.txt HTTP/1.1\r\nHost: x\r\n");
      Raw.Resp resp = r.read();
      assertThat(resp.code()).isEqualTo(408);
      assertThat(r.closedByServer()).isTrue();
    }
  }

  @Test
  void slowlorisDripGets408() throws Exception {
    try (Raw r = new Raw(port)) {
      r.send("GET /a.txt HTTP/1.1\r\n");
      for (int i = 0; i < 10; i++) {
        Thread.sleep(100);
        try {
          r.send("X-" + i + ": y\r\n");
        } catch (IOException e) {
          break;
        }
      }
      assertThat(r.read().code()).isEqualTo(408);
    }
  }

  @Test
  void idleConnectionIsClosedSilently() throws Exception {
    server.close();
    server = HttpServer.builder().site(Site.builder("x").root(dir).build())
        .idleTimeout(Duration.ofMillis(300)).build();
    server.start();
    try (Raw r = new Raw(server.port())) {
      r.send("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(r.read().text()).isEqualTo("A");
      assertThat(r.closedByServer()).isTrue();
    }
  }

  @Test
  void connectionsBeyondTheCapGet503() throws Exception {
    server.close();
    server = HttpServer.builder().site(Site.builder("x").root(dir).build()).maxConnections(1).build();
    server.start();
    try (Raw first = new Raw(server.port())) {
      first.send("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(first.read().code()).isEqualTo(200);
      try (Raw second = new Raw(server.port())) {
        assertThat(second.read().code()).isEqualTo(503);
      }
    }
  }

  @Test
  void missingHostOnHttp11Is400() throws Exception {
    assertThat(Raw.exchange(port, "GET /a.txt HTTP/1.1\r\n\r\n").code()).isEqualTo(400);
    assertThat(Raw.exchange(port, "GET /a.txt HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n").code())
        .isEqualTo(400);
    assertThat(Raw.exchange(port, "GET /a.txt HTTP/1.1\r\nHost: a b\r\n\r\n").code()).isEqualTo(400);
    assertThat(Raw.exchange(port, "GET /a.txt HTTP/1.0\r\n\r\n").code()).isEqualTo(200);
  }

  @Test
  void smugglingAttemptIs400AndClosesTheConnection() throws Exception {
    try (Raw r = new Raw(port)) {
      r.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked"
          + "\r\n\r\n0\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
      Raw.Resp resp = r.read();
      assertThat(resp.code()).isEqualTo(400);
      assertThat(resp.header("Connection")).isEqualTo("close");
      assertThat(r.closedByServer()).isTrue();
    }
  }

  @Test
  void limitsGetTheirStatus() throws Exception {
    assertThat(Raw.exchange(port, "GET /" + "x".repeat(10000) + " HTTP/1.1\r\nHost: x\r\n\r\n").code())
        .isEqualTo(414);
    assertThat(Raw.exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nX: " + "y".repeat(40000) + "\r\n\r\n")
        .code()).isEqualTo(431);
    assertThat(Raw.exchange(port, "GET / HTTP/3.0\r\nHost: x\r\n\r\n").code()).isEqualTo(505);
    assertThat(Raw.exchange(port, "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")
        .code()).isEqualTo(501);
    assertThat(Raw.exchange(port, "BREW /a.txt HTTP/1.1\r\nHost: x\r\n\r\n").code()).isEqualTo(501);
  }

  @Test
  void bodyOverTheRouteLimitIs413() throws Exception {
    assertThat(Raw.exchange(port, "POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n"
        + "hello world").code()).isEqualTo(413);
    assertThat(Raw.exchange(port, "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n").code()).isEqualTo(413);
    Raw.Resp ok = Raw.exchange(port, "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked"
        + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    assertThat(ok.text()).isEqualTo("hello");
  }

  @Test
  void expectContinueGets100First() throws Exception {
    try (Raw r = new Raw(port)) {
      r.send("POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      assertThat(r.readLine()).isEqualTo("HTTP/1.1 100 Continue");
      assertThat(r.readLine()).isEmpty();
      r.send("hello");
      assertThat(r.read().text()).isEqualTo("hello");
    }
  }

  @Test
  void streamedBodiesAreChunkedFor11AndCloseDelimitedFor10() throws Exception {
    try (Raw r = new Raw(port)) {
      r.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
      Raw.Resp chunked = r.read();
      assertThat(chunked.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(chunked.header("Content-Length")).isNull();
      assertThat(chunked.text()).isEqualTo("part 0\npart 1\npart 2\n");
      assertThat(r.read().text()).isEqualTo("A");
    }
    try (Raw r = new Raw(port)) {
      r.send("GET /stream HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      Raw.Resp plain = r.read();
      assertThat(plain.header("Connection")).isEqualTo("close");
      assertThat(plain.header("Transfer-Encoding")).isNull();
      assertThat(plain.text()).isEqualTo("part 0\npart 1\npart 2\n");
    }
  }

  @Test
  void handlerFailureIs500WithoutDetail() throws Exception {
    Raw.Resp resp = Raw.exchange(port, "GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(resp.code()).isEqualTo(500);
    assertThat(resp.text()).doesNotContain("secret").doesNotContain("Exception");
  }

  @Test
  void methodsAndAllow() throws Exception {
    Raw.Resp patch = Raw.exchange(port, "PATCH /visits HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(patch.code()).isEqualTo(405);
    assertThat(patch.header("Allow")).contains("GET").contains("HEAD").contains("OPTIONS");
    Raw.Resp options = Raw.exchange(port, "OPTIONS /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(options.code()).isEqualTo(204);
    assertThat(options.header("Allow")).isEqualTo(StaticFiles.ALLOW);
    assertThat(Raw.exchange(port, "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").code()).isEqualTo(204);
    Raw.Resp post = Raw.exchange(port, "POST /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    assertThat(post.code()).isEqualTo(405);
    assertThat(post.header("Allow")).isEqualTo(StaticFiles.ALLOW);
  }

  @Test
  void formsUrlEncodedAndMultipart() throws Exception {
    String form = "name=Alice+B&x=%26";
    assertThat(Raw.exchange(port, "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: "
        + "application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n" + form)
        .text()).isEqualTo("name=Alice B\nx=&\n");
    String mp = "--b1\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nhi\r\n--b1\r\n"
        + "Content-Disposition: form-data; name=\"f\"; filename=\"f.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n12345\r\n--b1--\r\n";
    assertThat(Raw.exchange(port, "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: "
        + "multipart/form-data; boundary=b1\r\nContent-Length: " + mp.length() + "\r\n\r\n" + mp)
        .text()).isEqualTo("t=hi\nfile f f.bin 5 bytes\n");
    assertThat(Raw.exchange(port, "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: "
        + "application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=%").code()).isEqualTo(400);
  }

  @Test
  void queryStringReachesTheHandler() throws Exception {
    server.close();
    server = HttpServer.builder().site(Site.builder("x").get("/q", r ->
        Response.text(200, r.queryParameters().toString())).build()).build();
    server.start();
    assertThat(Raw.exchange(server.port(), "GET /q?a=1&b=two+words HTTP/1.1\r\nHost: x\r\n\r\n").text())
        .isEqualTo("{a=[1], b=[two words]}");
  }

  @Test
  void accessLogUsesCombinedLogFormat() throws Exception {
    Raw.exchange(port, "GET /a.txt HTTP/1.1\r\nHost: x\r\nReferer: http://r/\r\nUser-Agent: t \"q\"\r\n\r\n");
    assertThat(log).anySatisfy(line -> assertThat(line).matches(
        "127\\.0\\.0\\.1 - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\] "
            + "\"GET /a.txt HTTP/1.1\" 200 1 \"http://r/\" \"t \\\\\"q\\\\\"\""));
  }

  @Test
  void virtualHostsSelectTheSite(@TempDir Path other) throws Exception {
    Files.writeString(other.resolve("a.txt"), "OTHER");
    server.close();
    server = HttpServer.builder()
        .site(Site.builder("gaia.cs.umass.edu").root(dir).build())
        .site(Site.builder("www.someschool.edu").alias("someschool.edu").root(other).build())
        .build();
    server.start();
    int p = server.port();
    assertThat(Raw.exchange(p, "GET /a.txt HTTP/1.1\r\nHost: gaia.cs.umass.edu\r\n\r\n").text()).isEqualTo("A");
    assertThat(Raw.exchange(p, "GET /a.txt HTTP/1.1\r\nHost: WWW.SomeSchool.edu:8080\r\n\r\n").text())
        .isEqualTo("OTHER");
    assertThat(Raw.exchange(p, "GET /a.txt HTTP/1.1\r\nHost: someschool.edu\r\n\r\n").text()).isEqualTo("OTHER");
    assertThat(Raw.exchange(p, "GET http://www.someschool.edu/a.txt HTTP/1.1\r\nHost: gaia\r\n\r\n").text())
        .isEqualTo("OTHER");
    assertThat(Raw.exchange(p, "GET /a.txt HTTP/1.1\r\nHost: unknown.example\r\n\r\n").text()).isEqualTo("A");
  }

  @Test
  void sessionSurvivesARestart(@TempDir Path data) throws Exception {
    server.close();
    String cookie;
    try (var store = org.minternet.core.store.Store.sqlite(data.resolve("store.db"))) {
      Sessions sessions = new Sessions(store);
      server = HttpServer.builder().site(TestApps.install(Site.builder("x"), sessions).build())
          .sessions(sessions).build();
      server.start();
      Raw.Resp first = Raw.exchange(server.port(), "GET /visits HTTP/1.1\r\nHost: x\r\n\r\n");
      String setCookie = first.header("Set-Cookie");
      assertThat(setCookie).startsWith("MSESSIONID=").contains("HttpOnly").contains("SameSite=Lax")
          .doesNotContain("Secure");
      cookie = setCookie.substring(0, setCookie.indexOf(';'));
      assertThat(first.text()).contains("id=\"visits\">1<");
      Raw.Resp second = Raw.exchange(server.port(), "GET /visits HTTP/1.1\r\nHost: x\r\nCookie: "
          + cookie + "\r\n\r\n");
      assertThat(second.text()).contains("id=\"visits\">2<");
      assertThat(second.header("Set-Cookie")).isNull();
      server.close();
    }
    try (var store = org.minternet.core.store.Store.sqlite(data.resolve("store.db"))) {
      Sessions sessions = new Sessions(store);
      server = HttpServer.builder().site(TestApps.install(Site.builder("x"), sessions).build())
          .sessions(sessions).build();
      server.start();
      Raw.Resp third = Raw.exchange(server.port(), "GET /visits HTTP/1.1\r\nHost: x\r\nCookie: a=b; "
          + cookie + "\r\n\r\n");
      assertThat(third.text()).contains("id=\"visits\">3<");
      Raw.Resp forged = Raw.exchange(server.port(), "GET /visits HTTP/1.1\r\nHost: x\r\nCookie: "
          + "MSESSIONID=" + "0".repeat(48) + "\r\n\r\n");
      assertThat(forged.text()).contains("id=\"visits\">1<");
      server.close();
    }
  }

  /**
   * A POST with a body to a static file was answered 413 and the connection closed: it is 405
   * with Allow, the small body read and dropped, and the pipelined request after it served.
   */
  @Test
  void postWithABodyToAStaticFileIs405AndPipelinedRequestsAreServed() throws Exception {
    try (Raw r = new Raw(port)) {
      r.send("POST /a.txt HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
          + "Content-Length: 11\r\n\r\nhello world"
          + "GET /b.txt HTTP/1.1\r\nHost: x\r\n\r\n");
      Raw.Resp post = r.read();
      assertThat(post.code()).isEqualTo(405);
      assertThat(post.header("Allow")).isEqualTo(StaticFiles.ALLOW);
      assertThat(post.header("Connection")).isNull();
      assertThat(r.read().text()).isEqualTo("BB");
    }
    try (Raw r = new Raw(port)) {
      r.send("POST /a.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n0\r\n\r\nGET /b.txt HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(r.read().code()).isEqualTo(405);
      assertThat(r.closedByServer()).isTrue();
    }
  }

  /** A body too large to be read and dropped closes the connection after the 405. */
  @Test
  void postWithALargeBodyToAStaticFileIs405AndCloses() throws Exception {
    try (Raw r = new Raw(port)) {
      r.send("POST /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n"
          + "x".repeat(1000));
      Raw.Resp post = r.read();
      assertThat(post.code()).isEqualTo(405);
      assertThat(post.header("Allow")).isEqualTo(StaticFiles.ALLOW);
      assertThat(post.header("Connection")).isEqualTo("close");
      assertThat(r.closedByServer()).isTrue();
    }
  }

  /**
   * The origin server's target parser dropped user information from an absolute-form target;
   * the proxy's refused it. The one parser refuses it (RFC 9110 §4.2.4).
   */
  @Test
  void userInfoInTheTargetIs400() throws Exception {
    assertThat(Raw.exchange(port, "GET http://user@www.example.org/a.txt HTTP/1.1\r\nHost: x"
        + "\r\n\r\n").code()).isEqualTo(400);
    assertThat(Raw.exchange(port, "GET http://www.example.org/a.txt HTTP/1.1\r\nHost: x"
        + "\r\n\r\n").text()).isEqualTo("A");
  }

  /**
   * The origin server accepted any digits as the port of Host; the proxy only 1 to 65535. The
   * one parser allows an empty port and 1 to 65535.
   */
  @Test
  void hostWithAPortOutOfRangeIs400() throws Exception {
    assertThat(Raw.exchange(port, "GET /a.txt HTTP/1.1\r\nHost: x:65536\r\n\r\n").code())
        .isEqualTo(400);
    assertThat(Raw.exchange(port, "GET /a.txt HTTP/1.1\r\nHost: x:0\r\n\r\n").code())
        .isEqualTo(400);
    assertThat(Raw.exchange(port, "GET /a.txt HTTP/1.1\r\nHost: x:\r\n\r\n").code())
        .isEqualTo(200);
    assertThat(Raw.exchange(port, "GET /a.txt HTTP/1.1\r\nHost: x:8080\r\n\r\n").code())
        .isEqualTo(200);
  }

  /**
   * The origin server sent a handler's {@code Connection: close} but kept the connection; the
   * proxy's writer owned the Connection field. The engine closes after such a response.
   */
  @Test
  void handlerAskingToCloseClosesTheConnection() throws Exception {
    try (Raw r = new Raw(port)) {
      r.send("GET /bye HTTP/1.1\r\nHost: x\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
      Raw.Resp bye = r.read();
      assertThat(bye.text()).isEqualTo("bye\n");
      assertThat(bye.header("Connection")).isEqualTo("close");
      assertThat(r.closedByServer()).isTrue();
    }
  }

  @Test
  void exchangesAreRecordedInTheTranscript() throws Exception {
    server.close();
    org.minternet.core.tap.Transcript t = new org.minternet.core.tap.Transcript(100);
    server = HttpServer.builder().site(Site.builder("x").root(dir).build()).transcript(t).build();
    server.start();
    Raw.exchange(server.port(), "GET /c.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    List<String> lines = t.snapshot().stream()
        .map(e -> e.direction().marker() + " " + e.text()).toList();
    assertThat(lines).containsSubsequence("C: GET /c.txt HTTP/1.1", "C: Host: x",
        "S: HTTP/1.1 200 OK", "S: Content-Length: 3", "S: <3 bytes>");
  }

  @Test
  void basicAuthenticatorComparesPasswords() {
    BasicAuthenticator a = BasicAuthenticator.of(Map.of("alice", "pw"));
    assertThat(a.check("alice", "pw")).isTrue();
    assertThat(a.check("alice", "px")).isFalse();
    assertThat(a.check("bob", "pw")).isFalse();
  }
}
