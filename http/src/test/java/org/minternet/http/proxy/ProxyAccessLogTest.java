package org.minternet.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.net.TcpListener;
import org.minternet.http.AccessLog;
import org.minternet.http.proxy.ScriptedOrigin.Answer;
import org.minternet.http.wire.BodyFraming;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.HttpVersion;
import org.minternet.http.wire.RequestHead;
import org.minternet.http.wire.RequestLine;
import org.minternet.testing.ManualClock;

/** The proxy's access log: one Combined Log Format line per request, with the cache result. */
class ProxyAccessLogTest {
  /** Combined Log Format plus the quoted result code and the elapsed milliseconds. */
  private static final Pattern LINE = Pattern.compile("(\\S+) - (\\S+) \\[([^\\]]+)\\] "
      + "\"((?:[^\"\\\\]|\\\\.)*)\" (\\d{1,3}) (\\d+|-) \"((?:[^\"\\\\]|\\\\.)*)\" "
      + "\"((?:[^\"\\\\]|\\\\.)*)\" \"([A-Z_]+)\" (\\d+)");

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final BlockingQueue<String> log = new LinkedBlockingQueue<>();
  private ScriptedOrigin origin;
  private CachingProxy proxy;
  private String base;

  /** One parsed line. */
  record Entry(String remote, String request, int status, String bytes, String referer,
      String userAgent, String result) {}

  @BeforeEach
  void start() throws IOException {
    origin = new ScriptedOrigin(clock, s -> Answer.ok("body of " + s.target(),
        "Cache-Control", "max-age=60", "ETag", "\"v1\""));
    proxy = proxy(CachingProxy.builder());
    base = "http://127.0.0.1:" + origin.port();
  }

  private CachingProxy proxy(CachingProxy.Builder b) throws IOException {
    CachingProxy p = b.port(0).host("cache.test").clock(clock).debugHeader(true)
        .accessLog(log::add).build();
    p.start();
    return p;
  }

  @AfterEach
  void stop() {
    proxy.close();
    origin.close();
  }

  /** The next line, waiting for the proxy's thread to write it (no line: the test fails). */
  private Entry next() throws InterruptedException {
    String line = log.poll(20, TimeUnit.SECONDS);
    assertThat(line).as("an access log line").isNotNull();
    assertThat(line).doesNotContain("\n", "\r");
    Matcher m = LINE.matcher(line);
    assertThat(m.matches()).as("Combined Log Format + result: %s", line).isTrue();
    return new Entry(m.group(1), m.group(4), Integer.parseInt(m.group(5)), m.group(6),
        m.group(7), m.group(8), m.group(9));
  }

  @Test
  void missThenMemoryHit() throws Exception {
    try (RawClient c = new RawClient(proxy.port())) {
      RawClient.Got miss = c.get(base + "/a", "User-Agent: test/1.0", "Referer: http://r.test/");
      Entry first = next();
      assertThat(miss.header("X-Cache")).startsWith("MISS");
      assertThat(first.remote()).isEqualTo("127.0.0.1");
      assertThat(first.request()).isEqualTo("GET " + base + "/a HTTP/1.1");
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.bytes()).isEqualTo(Integer.toString("body of /a".length()));
      assertThat(first.referer()).isEqualTo("http://r.test/");
      assertThat(first.userAgent()).isEqualTo("test/1.0");
      assertThat(first.result()).isEqualTo("TCP_MISS");

      RawClient.Got hit = c.get(base + "/a");
      Entry second = next();
      assertThat(hit.header("X-Cache")).startsWith("HIT");
      assertThat(second.result()).isEqualTo("TCP_MEM_HIT");
      assertThat(second.bytes()).isEqualTo(Integer.toString("body of /a".length()));
      assertThat(second.userAgent()).isEqualTo("-");
    }
    assertThat(log).isEmpty();
  }

  @Test
  void headIsLoggedWithoutBodyBytes() throws Exception {
    try (RawClient c = new RawClient(proxy.port())) {
      c.get(base + "/h");
      next();
      c.send("HEAD", base + "/h", null);
      Entry head = next();
      assertThat(head.request()).startsWith("HEAD ");
      assertThat(head.bytes()).isEqualTo("-");
      assertThat(head.result()).isEqualTo("TCP_MEM_HIT");
    }
  }

  @Test
  void revalidationUnmodifiedAndModified() throws Exception {
    try (RawClient c = new RawClient(proxy.port())) {
      c.get(base + "/v");
      assertThat(next().result()).isEqualTo("TCP_MISS");
      clock.advance(Duration.ofSeconds(61));
      origin.script(s -> Answer.of(304, "", "Cache-Control", "max-age=60", "ETag", "\"v1\""));
      RawClient.Got validated = c.get(base + "/v");
      assertThat(validated.header("X-Cache")).startsWith("REVALIDATED");
      Entry unmodified = next();
      assertThat(unmodified.result()).isEqualTo("TCP_REFRESH_UNMODIFIED");
      assertThat(unmodified.status()).isEqualTo(200);
      assertThat(unmodified.bytes()).isEqualTo(Integer.toString("body of /v".length()));

      clock.advance(Duration.ofSeconds(61));
      origin.script(s -> Answer.ok("changed", "Cache-Control", "max-age=60", "ETag", "\"v2\""));
      RawClient.Got changed = c.get(base + "/v");
      assertThat(changed.header("X-Cache")).startsWith("REFRESH");
      Entry modified = next();
      assertThat(modified.result()).isEqualTo("TCP_REFRESH_MODIFIED");
      assertThat(modified.bytes()).isEqualTo("7");
    }
    assertThat(proxy.stats().revalidations()).isEqualTo(2);
    assertThat(proxy.stats().notModified()).isEqualTo(1);
  }

  @Test
  void revalidationThatCannotReachTheOriginIsRefreshFailErr() throws Exception {
    try (RawClient c = new RawClient(proxy.port())) {
      c.get(base + "/gone");
      next();
      origin.close();
      clock.advance(Duration.ofSeconds(61));
      RawClient.Got failed = c.get(base + "/gone");
      assertThat(failed.status()).isEqualTo(502);
      assertThat(failed.header("X-Cache")).startsWith("REFRESH-FAILED");
      Entry e = next();
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.result()).isEqualTo("TCP_REFRESH_FAIL_ERR");
    }
  }

  @Test
  void hitFromTheDiskTierIsTcpHit(@TempDir Path dir) throws Exception {
    proxy.close();
    proxy = proxy(CachingProxy.builder().diskDirectory(dir));
    try (RawClient c = new RawClient(proxy.port())) {
      c.get(base + "/d");
      assertThat(next().result()).isEqualTo("TCP_MISS");
    }
    proxy.syncDisk();
    proxy.close();
    proxy = proxy(CachingProxy.builder().diskDirectory(dir));
    try (RawClient c = new RawClient(proxy.port())) {
      RawClient.Got fromDisk = c.get(base + "/d");
      assertThat(fromDisk.header("X-Cache")).isEqualTo("HIT from cache.test");
      assertThat(next().result()).isEqualTo("TCP_HIT");
      c.get(base + "/d");
      assertThat(next().result()).isEqualTo("TCP_MEM_HIT");
    }
  }

  @Test
  void postIsAPassAndUnreachableOriginAMissWith502() throws Exception {
    int closed;
    try (ServerSocket ss = new ServerSocket(0)) {
      closed = ss.getLocalPort();
    }
    try (RawClient c = new RawClient(proxy.port())) {
      c.send("POST", base + "/form", "a=1");
      Entry post = next();
      assertThat(post.request()).isEqualTo("POST " + base + "/form HTTP/1.1");
      assertThat(post.result()).isEqualTo("TCP_PASS");
      RawClient.Got bad = c.get("http://127.0.0.1:" + closed + "/x");
      assertThat(bad.status()).isEqualTo(502);
      assertThat(bad.header("X-Cache")).startsWith("MISS");
      Entry e = next();
      assertThat(e.status()).isEqualTo(502);
      assertThat(e.result()).isEqualTo("TCP_MISS");
    }
  }

  @Test
  void tunnelIsLoggedWhenClosedWithTheBytesRelayedToTheClient() throws Exception {
    TcpListener echo = TcpListener.builder().port(0).handler(c -> {
      byte[] buf = new byte[100];
      for (int r; (r = c.reader().read(buf, 0, buf.length)) > 0; ) {
        c.write(buf, 0, r);
        c.flush();
      }
    }).start();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\nHost: 127.0.0.1:"
          + echo.port() + "\r\n\r\nhello, tunnel").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      in.readNBytes("HTTP/1.1 200 Connection Established\r\n\r\nhello, tunnel".length());
      assertThat(log).as("nothing logged while the tunnel is open").isEmpty();
      s.shutdownOutput();
      assertThat(in.read()).isEqualTo(-1);
    } finally {
      echo.close();
    }
    Entry e = next();
    assertThat(e.request()).isEqualTo("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1");
    assertThat(e.status()).isEqualTo(200);
    assertThat(e.bytes()).isEqualTo(Integer.toString("hello, tunnel".length()));
    assertThat(e.result()).isEqualTo("TCP_TUNNEL");
  }

  @Test
  void connectToAClosedPortIsATunnelWith502() throws Exception {
    int closed;
    try (ServerSocket ss = new ServerSocket(0)) {
      closed = ss.getLocalPort();
    }
    try (RawClient c = new RawClient(proxy.port())) {
      c.write("CONNECT 127.0.0.1:" + closed + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(c.read("CONNECT").status()).isEqualTo(502);
    }
    Entry e = next();
    assertThat(e.status()).isEqualTo(502);
    assertThat(e.result()).isEqualTo("TCP_TUNNEL");
  }

  @Test
  void clientOutsideTheNetworksIsDenied() throws Exception {
    proxy.close();
    proxy = proxy(CachingProxy.builder().allow("10.0.0.0/8"));
    try (RawClient c = new RawClient(proxy.port())) {
      RawClient.Got denied = c.get(base + "/x");
      assertThat(denied.status()).isEqualTo(403);
      assertThat(denied.header("X-Cache")).startsWith("DENIED");
    }
    Entry e = next();
    assertThat(e.request()).isEqualTo("GET " + base + "/x HTTP/1.1");
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.result()).isEqualTo("TCP_DENIED");
    assertThat(origin.seen).isEmpty();
  }

  @Test
  void connectToAPortNotAllowedIsDenied() throws Exception {
    proxy.close();
    proxy = proxy(CachingProxy.builder().connectPorts(java.util.Set.of(443)));
    try (RawClient c = new RawClient(proxy.port())) {
      c.write("CONNECT 127.0.0.1:25 HTTP/1.1\r\nHost: 127.0.0.1:25\r\n\r\n");
      assertThat(c.read("CONNECT").status()).isEqualTo(403);
    }
    assertThat(next().result()).isEqualTo("TCP_DENIED");
  }

  @Test
  void requestsAnsweredByTheProxyItselfAreNone() throws Exception {
    try (RawClient c = new RawClient(proxy.port())) {
      assertThat(c.get(CachingProxy.STATS_PATH).status()).isEqualTo(200);
      assertThat(next().result()).isEqualTo("NONE");
      assertThat(c.get(base + "/loop", "Via: 1.1 cache.test").status()).isEqualTo(508);
      Entry loop = next();
      assertThat(loop.status()).isEqualTo(508);
      assertThat(loop.result()).isEqualTo("NONE");
    }
  }

  @Test
  void malformedHeadIsLoggedAsOneLineWithoutItsRequestLine() throws Exception {
    try (RawClient c = new RawClient(proxy.port())) {
      c.write("GET http://a/\rX HTTP/1.1\r\nHost: a\r\n\r\n");
      assertThat(c.read("GET").status()).isEqualTo(400);
    }
    Entry e = next();
    assertThat(e.request()).isEqualTo("-");
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.result()).isEqualTo("NONE");
    assertThat(log).isEmpty();
  }

  @Test
  void hostileCharactersCannotBreakTheLine() throws Exception {
    try (RawClient c = new RawClient(proxy.port())) {
      // a quote is a valid target byte; NEL (0x85) and other obs-text are valid in field values
      c.write("GET " + base + "/\"x\"\\ HTTP/1.1\r\nHost: a.test\r\nUser-Agent: evil\u0085"
          + "\" 200 1 \"-\" \"x\u00e9\r\nReferer: a\tb\u00ff\r\n\r\n");
      c.read("GET");
    }
    String line = log.poll(20, TimeUnit.SECONDS);
    assertThat(line).isNotNull();
    assertThat(line.chars()).allMatch(ch -> ch >= 0x20 && ch < 0x7f);
    assertThat(line).contains("\"GET " + base + "/\\\"x\\\"\\\\ HTTP/1.1\"",
        "\"evil\\x85\\\" 200 1 \\\"-\\\" \\\"x\\xe9\"", "\"a\\x09b\\xff\"");
    log.add(line);
    Entry e = next();
    assertThat(e.userAgent()).isEqualTo("evil\\x85\\\" 200 1 \\\"-\\\" \\\"x\\xe9");
  }

  @Test
  void formatEscapesLineBreaksInEveryField() {
    RequestHead head = new RequestHead(
        new RequestLine("GET", "/a\r\n1.2.3.4 - - x", HttpVersion.HTTP_1_1),
        Headers.of("User-Agent", "a\u0001b\u0085\u2028c"), BodyFraming.NONE);
    String line = ProxyAccessLog.line("127.0.0.1",
        ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), head, 200, 0, "TCP_MISS", 7);
    assertThat(line).isEqualTo("127.0.0.1 - - [02/Jan/2026:03:04:05 +0000] "
        + "\"GET /a\\x0d\\x0a1.2.3.4 - - x HTTP/1.1\" 200 - \"-\" \"a\\x01b\\x85\\xe2\\x80\\xa8c\" "
        + "\"TCP_MISS\" 7");
    assertThat(AccessLog.format("h", "u\r\nser", ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 0,
        ZoneOffset.UTC), "-", 400, 0, null, null)).doesNotContain("\r", "\n");
  }

  @Test
  void resultCodesFollowTheXCacheValues() {
    assertThat(CacheResult.of("HIT", false)).isEqualTo(CacheResult.TCP_MEM_HIT);
    assertThat(CacheResult.of("HIT-STALE-WHILE-REVALIDATE", true)).isEqualTo(CacheResult.TCP_HIT);
    assertThat(CacheResult.of("HIT-STALE-IF-ERROR", false))
        .isEqualTo(CacheResult.TCP_REFRESH_FAIL_OLD);
    assertThat(CacheResult.of("PASS", false)).isEqualTo(CacheResult.TCP_PASS);
    assertThat(CacheResult.of("STATS", false)).isEqualTo(CacheResult.NONE);
    assertThat(CacheResult.TCP_MISS.code(true)).isEqualTo("TCP_MISS_ABORTED");
  }

  @Test
  void clientThatLeavesDuringTheBodyIsAborted() throws Exception {
    byte[] big = new byte[8 << 20];
    origin.script(s -> new Answer(200, Headers.of("Cache-Control", "no-store"), big));
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()));
      s.getOutputStream().write(("GET " + base + "/big HTTP/1.1\r\nHost: x\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      s.getInputStream().readNBytes(100);
      s.setSoLinger(true, 0);
    }
    Entry e = next();
    assertThat(e.result()).isEqualTo("TCP_MISS_ABORTED");
    assertThat(e.status()).isEqualTo(200);
    assertThat(Long.parseLong(e.bytes())).isLessThan(big.length);
  }

  @Test
  void linesGoToAFileOnePerRequest(@TempDir Path dir) throws Exception {
    proxy.close();
    Path file = dir.resolve("logs").resolve("access.log");
    proxy = CachingProxy.builder().port(0).clock(clock).accessLog(AccessLog.toFile(file)).build();
    proxy.start();
    List<Integer> statuses = new ArrayList<>();
    try (RawClient c = new RawClient(proxy.port())) {
      statuses.add(c.get(base + "/f").status());
      statuses.add(c.get(base + "/f").status());
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < 200 && lines.size() < 2; i++) {
      Thread.sleep(100); // the second line is written after the client has its reply
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    }
    assertThat(statuses).containsExactly(200, 200);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).matches(LINE).contains("\"TCP_MISS\"");
    assertThat(lines.get(1)).matches(LINE).contains("\"TCP_MEM_HIT\"");
  }
}
