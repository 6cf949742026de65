package org.minternet.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.net.TcpListener;
import org.minternet.http.proxy.ScriptedOrigin.Answer;
import org.minternet.http.wire.HttpDate;
import org.minternet.testing.ManualClock;

/** The proxy between a raw client and a scripted origin, with a clock the tests move. */
class CachingProxyTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private ScriptedOrigin origin;
  private CachingProxy proxy;
  private RawClient client;
  private String base;

  @BeforeEach
  void start() throws IOException {
    origin = new ScriptedOrigin(clock, s -> Answer.ok("body of " + s.target(),
        "Cache-Control", "max-age=60", "ETag", "\"v1\""));
    proxy = CachingProxy.builder().port(0).host("cache.test").clock(clock).debugHeader(true)
        .build();
    proxy.start();
    client = new RawClient(proxy.port());
    base = "http://127.0.0.1:" + origin.port();
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    proxy.close();
    origin.close();
  }

  @Test
  void secondRequestIsAHitWithAgeAndVia() throws IOException {
    RawClient.Got first = client.get(base + "/a");
    clock.advance(Duration.ofSeconds(5));
    RawClient.Got second = client.get(base + "/a");
    assertThat(first.body()).isEqualTo("body of /a");
    assertThat(first.header("X-Cache")).startsWith("MISS");
    assertThat(second.body()).isEqualTo("body of /a");
    assertThat(second.header("X-Cache")).isEqualTo("HIT from cache.test");
    assertThat(second.header("Age")).isEqualTo("5");
    assertThat(second.header("Via")).isEqualTo("1.1 cache.test");
    assertThat(origin.count("/a")).isEqualTo(1);
    assertThat(origin.last().headers().get("Via")).isEqualTo("1.1 cache.test");
    CacheStats stats = proxy.stats();
    assertThat(stats.hits()).isEqualTo(1);
    assertThat(stats.misses()).isEqualTo(1);
    assertThat(stats.bytesFromCache()).isEqualTo("body of /a".length());
    assertThat(stats.bytesFromOrigin()).isEqualTo("body of /a".length());
  }

  @Test
  void staleResponseIsValidatedAnd304RefreshesStoredHeaders() throws IOException {
    client.get(base + "/v");
    clock.advance(Duration.ofSeconds(61));
    origin.script(s -> Answer.of(304, "", "Cache-Control", "max-age=100", "ETag", "\"v1\"",
        "X-Refreshed", "yes"));
    RawClient.Got validated = client.get(base + "/v");
    assertThat(origin.last().headers().get("If-None-Match")).isEqualTo("\"v1\"");
    assertThat(validated.status()).isEqualTo(200);
    assertThat(validated.body()).isEqualTo("body of /v");
    assertThat(validated.header("X-Refreshed")).isEqualTo("yes");
    assertThat(validated.header("X-Cache")).startsWith("REVALIDATED");
    clock.advance(Duration.ofSeconds(50));
    RawClient.Got hit = client.get(base + "/v");
    assertThat(hit.header("X-Cache")).startsWith("HIT");
    assertThat(hit.header("Cache-Control")).isEqualTo("max-age=100");
    assertThat(origin.count("/v")).isEqualTo(2);
    assertThat(proxy.stats().notModified()).isEqualTo(1);
    assertThat(proxy.stats().revalidations()).isEqualTo(1);
  }

  @Test
  void changedResourceReplacesTheStoredOne() throws IOException {
    client.get(base + "/c");
    clock.advance(Duration.ofSeconds(61));
    origin.script(s -> Answer.ok("new", "Cache-Control", "max-age=60", "ETag", "\"v2\""));
    assertThat(client.get(base + "/c").body()).isEqualTo("new");
    assertThat(client.get(base + "/c").body()).isEqualTo("new");
    assertThat(origin.count("/c")).isEqualTo(2);
  }

  @Test
  void noStorePrivateAndAuthorizationAreNotStored() throws IOException {
    origin.script(s -> switch (s.target()) {
      case "/nostore" -> Answer.ok("x", "Cache-Control", "no-store, max-age=60");
      case "/private" -> Answer.ok("x", "Cache-Control", "private, max-age=60");
      case "/public-auth" -> Answer.ok("x", "Cache-Control", "public, max-age=60");
      default -> Answer.ok("x", "Cache-Control", "max-age=60");
    });
    for (int i = 0; i < 2; i++) {
      client.get(base + "/nostore");
      client.get(base + "/private");
      client.get(base + "/auth", "Authorization: Basic YTpi");
      client.get(base + "/public-auth", "Authorization: Basic YTpi");
    }
    assertThat(origin.count("/nostore")).isEqualTo(2);
    assertThat(origin.count("/private")).isEqualTo(2);
    assertThat(origin.count("/auth")).isEqualTo(2);
    assertThat(origin.count("/public-auth")).isEqualTo(1);
  }

  @Test
  void requestNoStoreIsNotStored() throws IOException {
    client.get(base + "/r", "Cache-Control: no-store");
    client.get(base + "/r");
    assertThat(origin.count("/r")).isEqualTo(2);
  }

  @Test
  void varySelectsVariants() throws IOException {
    origin.script(s -> Answer.ok("lang " + s.headers().get("Accept-Language"),
        "Cache-Control", "max-age=60", "Vary", "Accept-Language"));
    assertThat(client.get(base + "/v", "Accept-Language: fr").body()).isEqualTo("lang fr");
    assertThat(client.get(base + "/v", "Accept-Language: en").body()).isEqualTo("lang en");
    assertThat(client.get(base + "/v", "Accept-Language: fr").body()).isEqualTo("lang fr");
    assertThat(client.get(base + "/v", "Accept-Language: en").body()).isEqualTo("lang en");
    assertThat(client.get(base + "/v").body()).isEqualTo("lang null");
    assertThat(origin.count("/v")).isEqualTo(3);
  }

  @Test
  void varyStarIsNeverReused() throws IOException {
    origin.script(s -> Answer.ok("x", "Cache-Control", "max-age=60", "Vary", "*"));
    client.get(base + "/s");
    client.get(base + "/s");
    assertThat(origin.count("/s")).isEqualTo(2);
  }

  @Test
  void requestNoCacheValidatesAndPragmaToo() throws IOException {
    client.get(base + "/n");
    client.get(base + "/n", "Cache-Control: no-cache");
    assertThat(origin.last().headers().get("If-None-Match")).isEqualTo("\"v1\"");
    client.get(base + "/n", "Pragma: no-cache");
    assertThat(origin.count("/n")).isEqualTo(3);
  }

  @Test
  void requestMaxAgeAndMinFresh() throws IOException {
    client.get(base + "/m");
    clock.advance(Duration.ofSeconds(30));
    client.get(base + "/m", "Cache-Control: max-age=40");
    assertThat(origin.count("/m")).isEqualTo(1);
    client.get(base + "/m", "Cache-Control: max-age=10");
    assertThat(origin.count("/m")).isEqualTo(2);
    clock.advance(Duration.ofSeconds(30));
    client.get(base + "/m", "Cache-Control: min-fresh=50");
    assertThat(origin.count("/m")).isEqualTo(3);
  }

  @Test
  void maxStaleServesStale() throws IOException {
    client.get(base + "/ms");
    clock.advance(Duration.ofSeconds(90));
    RawClient.Got stale = client.get(base + "/ms", "Cache-Control: max-stale=60");
    assertThat(stale.header("X-Cache")).startsWith("HIT-STALE");
    assertThat(stale.header("Age")).isEqualTo("90");
    client.get(base + "/ms", "Cache-Control: max-stale=10");
    assertThat(origin.count("/ms")).isEqualTo(2);
  }

  @Test
  void mustRevalidateForbidsMaxStale() throws IOException {
    origin.script(s -> Answer.ok("x", "Cache-Control", "max-age=10, must-revalidate"));
    client.get(base + "/mr");
    clock.advance(Duration.ofSeconds(20));
    client.get(base + "/mr", "Cache-Control: max-stale");
    assertThat(origin.count("/mr")).isEqualTo(2);
  }

  @Test
  void onlyIfCachedIs504OnAMissAndServesAHit() throws IOException {
    assertThat(client.get(base + "/o", "Cache-Control: only-if-cached").status()).isEqualTo(504);
    assertThat(origin.count("/o")).isZero();
    client.get(base + "/o");
    assertThat(client.get(base + "/o", "Cache-Control: only-if-cached").status()).isEqualTo(200);
  }

  @Test
  void responseNoCacheIsStoredButAlwaysValidated() throws IOException {
    origin.script(s -> s.headers().contains("If-None-Match")
        ? Answer.of(304, "", "ETag", "\"v1\"")
        : Answer.ok("nc", "Cache-Control", "no-cache", "ETag", "\"v1\""));
    client.get(base + "/nc");
    RawClient.Got second = client.get(base + "/nc");
    assertThat(second.body()).isEqualTo("nc");
    assertThat(origin.count("/nc")).isEqualTo(2);
    assertThat(origin.last().headers().get("If-None-Match")).isEqualTo("\"v1\"");
  }

  @Test
  void qualifiedNoCacheFieldIsNotServedWithoutValidation() throws IOException {
    origin.script(s -> Answer.ok("q", "Cache-Control", "max-age=60, no-cache=\"X-Secret\"",
        "X-Secret", "s3", "X-Other", "o"));
    assertThat(client.get(base + "/q").header("X-Secret")).isEqualTo("s3");
    RawClient.Got hit = client.get(base + "/q");
    assertThat(hit.header("X-Cache")).startsWith("HIT");
    assertThat(hit.header("X-Secret")).isNull();
    assertThat(hit.header("X-Other")).isEqualTo("o");
  }

  @Test
  void unreachableOriginWithMustRevalidateIs504AndStaleIfErrorServesStale() throws IOException {
    origin.script(s -> switch (s.target()) {
      case "/mr" -> Answer.ok("m", "Cache-Control", "max-age=1, must-revalidate");
      default -> Answer.ok("e", "Cache-Control", "max-age=1, stale-if-error=600");
    });
    client.get(base + "/mr");
    client.get(base + "/sie");
    clock.advance(Duration.ofSeconds(30));
    origin.script(s -> Answer.of(503, "down"));
    assertThat(client.get(base + "/mr").status()).isEqualTo(503);
    RawClient.Got stale = client.get(base + "/sie");
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.body()).isEqualTo("e");
    origin.close();
    assertThat(client.get(base + "/mr").status()).isIn(502, 504);
    assertThat(client.get(base + "/sie").body()).isEqualTo("e");
  }

  @Test
  void staleWhileRevalidateServesStaleAndRefreshesInTheBackground() throws Exception {
    origin.script(s -> Answer.ok("old", "Cache-Control", "max-age=1, stale-while-revalidate=60"));
    client.get(base + "/swr");
    clock.advance(Duration.ofSeconds(10));
    origin.script(s -> Answer.ok("new", "Cache-Control", "max-age=100"));
    RawClient.Got stale = client.get(base + "/swr");
    assertThat(stale.body()).isEqualTo("old");
    assertThat(stale.header("X-Cache")).startsWith("HIT-STALE-WHILE-REVALIDATE");
    for (int i = 0; i < 200 && origin.count("/swr") < 2; i++) Thread.sleep(10);
    String body = "old";
    for (int i = 0; i < 200 && body.equals("old"); i++) {
      body = client.get(base + "/swr").body();
      if (body.equals("old")) Thread.sleep(10);
    }
    assertThat(body).isEqualTo("new");
    assertThat(origin.count("/swr")).isEqualTo(2);
  }

  @Test
  void headIsAnsweredFromAStoredGet() throws IOException {
    client.get(base + "/h");
    RawClient.Got head = client.send("HEAD", base + "/h", null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo("10");
    assertThat(head.body()).isEmpty();
    assertThat(client.get(base + "/h").body()).isEqualTo("body of /h");
    assertThat(origin.seen).extracting(ScriptedOrigin.Seen::method).containsExactly("GET");
  }

  @Test
  void headMissIsForwardedAndKeepsTheOriginsLength() throws IOException {
    RawClient.Got head = client.send("HEAD", base + "/hm", null);
    assertThat(head.header("Content-Length")).isEqualTo("11");
    assertThat(origin.last().method()).isEqualTo("HEAD");
    assertThat(client.get(base + "/hm").body()).isEqualTo("body of /hm");
  }

  @Test
  void clientConditionalIsAnswered304FromTheStore() throws IOException {
    client.get(base + "/cond");
    RawClient.Got nm = client.get(base + "/cond", "If-None-Match: \"x\", W/\"v1\"");
    assertThat(nm.status()).isEqualTo(304);
    assertThat(nm.header("ETag")).isEqualTo("\"v1\"");
    assertThat(nm.body()).isEmpty();
    assertThat(client.get(base + "/cond", "If-None-Match: \"other\"").status()).isEqualTo(200);
    assertThat(origin.count("/cond")).isEqualTo(1);
  }

  @Test
  void ifModifiedSinceIsAnsweredFromTheStore() throws IOException {
    String lm = HttpDate.format(Instant.ofEpochMilli(clock.millis()).minusSeconds(3600));
    origin.script(s -> Answer.ok("ims", "Cache-Control", "max-age=60", "Last-Modified", lm));
    client.get(base + "/ims");
    String later = HttpDate.format(Instant.ofEpochMilli(clock.millis()));
    assertThat(client.get(base + "/ims", "If-Modified-Since: " + later).status()).isEqualTo(304);
    String earlier = HttpDate.format(Instant.ofEpochMilli(clock.millis()).minusSeconds(7200));
    assertThat(client.get(base + "/ims", "If-Modified-Since: " + earlier).status())
        .isEqualTo(200);
    assertThat(origin.count("/ims")).isEqualTo(1);
  }

  @Test
  void unsafeMethodInvalidatesTargetAndLocation() throws IOException {
    origin.script(s -> s.method().equals("POST")
        ? Answer.of(201, "created", "Location", "/other", "Content-Location", "/third")
        : Answer.ok("get " + s.target(), "Cache-Control", "max-age=60"));
    client.get(base + "/t");
    client.get(base + "/other");
    client.get(base + "/third");
    client.get(base + "/untouched");
    RawClient.Got post = client.send("POST", base + "/t", "a=1", "Content-Type: text/plain");
    assertThat(post.status()).isEqualTo(201);
    assertThat(origin.last().body()).isEqualTo("a=1".getBytes(StandardCharsets.UTF_8));
    client.get(base + "/t");
    client.get(base + "/other");
    client.get(base + "/third");
    client.get(base + "/untouched");
    assertThat(origin.count("/t")).isEqualTo(3);
    assertThat(origin.count("/other")).isEqualTo(2);
    assertThat(origin.count("/third")).isEqualTo(2);
    assertThat(origin.count("/untouched")).isEqualTo(1);
  }

  @Test
  void failedUnsafeMethodDoesNotInvalidate() throws IOException {
    client.get(base + "/f");
    origin.script(s -> s.method().equals("DELETE") ? Answer.of(500, "no")
        : Answer.ok("x", "Cache-Control", "max-age=60"));
    client.send("DELETE", base + "/f", null);
    client.get(base + "/f");
    assertThat(origin.count("/f")).isEqualTo(2);
  }

  @Test
  void rangeIsServedFromAStoredResponseAndPartialContentIsNeverStored() throws IOException {
    origin.script(s -> s.headers().contains("Range")
        ? Answer.of(206, "0123", "Content-Range", "bytes 0-3/10", "Cache-Control", "max-age=60")
        : Answer.ok("0123456789", "Cache-Control", "max-age=60", "ETag", "\"r\""));
    RawClient.Got partialMiss = client.get(base + "/p", "Range: bytes=0-3");
    assertThat(partialMiss.status()).isEqualTo(206);
    RawClient.Got whole = client.get(base + "/p");
    assertThat(whole.body()).isEqualTo("0123456789");
    RawClient.Got part = client.get(base + "/p", "Range: bytes=2-4");
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.body()).isEqualTo("234");
    assertThat(part.header("Content-Range")).isEqualTo("bytes 2-4/10");
    assertThat(client.get(base + "/p", "Range: bytes=20-").status()).isEqualTo(416);
    assertThat(client.get(base + "/p", "Range: bytes=1-2", "If-Range: \"other\"").body())
        .isEqualTo("0123456789");
    assertThat(origin.count("/p")).isEqualTo(2);
  }

  @Test
  void hopByHopFieldsAreNotForwarded() throws IOException {
    origin.script(s -> Answer.ok("x", "Connection", "X-Origin-Hop", "X-Origin-Hop", "1",
        "Keep-Alive", "timeout=5", "X-End", "2"));
    RawClient.Got got = client.get(base + "/hop", "Connection: X-Client-Hop",
        "X-Client-Hop: 1", "Proxy-Authorization: Basic eDp5", "TE: trailers", "X-Kept: k");
    assertThat(origin.last().headers().contains("X-Client-Hop")).isFalse();
    assertThat(origin.last().headers().contains("Proxy-Authorization")).isFalse();
    assertThat(origin.last().headers().contains("TE")).isFalse();
    assertThat(origin.last().headers().get("X-Kept")).isEqualTo("k");
    assertThat(origin.last().headers().get("Host")).isEqualTo("127.0.0.1:" + origin.port());
    assertThat(got.header("X-Origin-Hop")).isNull();
    assertThat(got.header("Keep-Alive")).isNull();
    assertThat(got.header("X-End")).isEqualTo("2");
  }

  @Test
  void originConnectionsArePooled() throws IOException {
    origin.script(s -> Answer.ok("x", "Cache-Control", "no-store"));
    for (int i = 0; i < 5; i++) client.get(base + "/pool" + i);
    assertThat(origin.connections()).isEqualTo(1);
  }

  @Test
  void chunkedOriginBodyIsStoredAndServedWithLength() throws IOException {
    origin.script(s -> Answer.ok("chunky", "Cache-Control", "max-age=60",
        "Transfer-Encoding", "chunked"));
    RawClient.Got first = client.get(base + "/ch");
    RawClient.Got second = client.get(base + "/ch");
    assertThat(first.body()).isEqualTo("chunky");
    assertThat(second.body()).isEqualTo("chunky");
    assertThat(second.header("Content-Length")).isEqualTo("6");
    assertThat(origin.count("/ch")).isEqualTo(1);
  }

  @Test
  void objectsAboveTheSizeLimitAreStreamedButNotStored() throws IOException {
    proxy.close();
    proxy = CachingProxy.builder().port(0).clock(clock).maxObjectBytes(100).build();
    proxy.start();
    client.close();
    client = new RawClient(proxy.port());
    String big = "x".repeat(1000);
    origin.script(s -> Answer.ok(big, "Cache-Control", "max-age=60",
        "Transfer-Encoding", s.target().equals("/chunked") ? "chunked" : "identity"));
    origin.script(s -> s.target().equals("/chunked")
        ? Answer.ok(big, "Cache-Control", "max-age=60", "Transfer-Encoding", "chunked")
        : Answer.ok(big, "Cache-Control", "max-age=60"));
    for (String path : List.of("/big", "/chunked")) {
      assertThat(client.get(base + path).body()).isEqualTo(big);
      assertThat(client.get(base + path).body()).isEqualTo(big);
      assertThat(origin.count(path)).isEqualTo(2);
    }
  }

  @Test
  void heuristicFreshnessFromLastModified() throws IOException {
    String lm = HttpDate.format(Instant.ofEpochMilli(clock.millis()).minusSeconds(10_000));
    origin.script(s -> Answer.ok("h", "Last-Modified", lm));
    client.get(base + "/heur");
    clock.advance(Duration.ofSeconds(900));
    assertThat(client.get(base + "/heur").header("X-Cache")).startsWith("HIT");
    clock.advance(Duration.ofSeconds(200));
    client.get(base + "/heur");
    assertThat(origin.count("/heur")).isEqualTo(2);
    assertThat(origin.last().headers().get("If-Modified-Since")).isEqualTo(lm);
  }

  @Test
  void concurrentMissesAreCollapsedIntoOneOriginFetch() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger arrived = new AtomicInteger();
    origin.script(s -> {
      arrived.incrementAndGet();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Answer.ok("collapsed", "Cache-Control", "max-age=60");
    });
    List<Thread> threads = new ArrayList<>();
    List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 5; i++) {
      threads.add(Thread.ofVirtual().start(() -> {
        try (RawClient c = new RawClient(proxy.port())) {
          bodies.add(c.get(base + "/col").body());
        } catch (IOException e) {
          bodies.add("error " + e);
        }
      }));
    }
    for (int i = 0; i < 500 && proxy.stats().requests() < 5; i++) Thread.sleep(10);
    Thread.sleep(100);
    release.countDown();
    for (Thread t : threads) t.join(20_000);
    assertThat(bodies).hasSize(5).containsOnly("collapsed");
    assertThat(arrived.get()).isEqualTo(1);
  }

  @Test
  void clientsOutsideTheNetworksGet403() throws IOException {
    proxy.close();
    proxy = CachingProxy.builder().port(0).allow("10.0.0.0/8").build();
    proxy.start();
    try (RawClient c = new RawClient(proxy.port())) {
      assertThat(c.get(base + "/x").status()).isEqualTo(403);
      assertThat(c.closedByPeer()).isTrue();
    }
    assertThat(origin.seen).isEmpty();
  }

  @Test
  void aClientNetworkWithSpacesAndHostBitsServesItsClients() throws IOException {
    proxy.close();
    proxy = CachingProxy.builder().port(0).allow(" 127.9.9.9/8 ").build(); // = 127.0.0.0/8
    proxy.start();
    try (RawClient c = new RawClient(proxy.port())) {
      assertThat(c.get(base + "/x").status()).isEqualTo(200);
    }
  }

  @Test
  void forwardModeRejectsOriginFormButServesStatistics() throws IOException {
    assertThat(client.get("/x").status()).isEqualTo(400);
    try (RawClient c = new RawClient(proxy.port())) {
      c.get(base + "/a");
      RawClient.Got stats = c.get(CachingProxy.STATS_PATH);
      assertThat(stats.status()).isEqualTo(200);
      assertThat(stats.body()).contains("requests: 3", "misses: 1");
    }
    CacheStats fetched = CachingProxy.fetchStats(
        new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()),
        Duration.ofSeconds(5));
    assertThat(fetched.misses()).isEqualTo(1);
  }

  @Test
  void httpsSchemeInAbsoluteFormIsNotImplemented() throws IOException {
    assertThat(client.get("https://127.0.0.1:1/x").status()).isEqualTo(501);
  }

  @Test
  void malformedRequestsGet400AndClose() throws IOException {
    client.write("GET http://a/ HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n");
    assertThat(client.read("GET").status()).isEqualTo(400);
    assertThat(client.closedByPeer()).isTrue();
  }

  /**
   * The proxy's own loop closed the connection after any error; the shared engine, as the origin
   * server did, keeps it after a 400 that leaves the framing intact, so the next request is served.
   */
  @Test
  void originFormToAForwardProxyIs400AndTheNextRequestIsServed() throws IOException {
    client.write("GET /x HTTP/1.1\r\nHost: a\r\n\r\nGET " + base + "/a HTTP/1.1\r\nHost: a"
        + "\r\n\r\n");
    assertThat(client.read("GET").status()).isEqualTo(400);
    assertThat(client.read("GET").body()).isEqualTo("body of /a");
  }

  /** The proxy took port 443 for a CONNECT without one; authority-form requires the port. */
  @Test
  void connectWithoutAPortIs400() throws IOException {
    client.write("CONNECT 127.0.0.1 HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(client.read("CONNECT").status()).isEqualTo(400);
  }

  /**
   * The proxy read and dropped any unread request body (up to its 1 GiB limit) to keep the
   * connection; the engine does that only for small bodies, as the origin server did, and
   * closes the connection after a large one.
   */
  @Test
  void aLargeUnreadBodyClosesTheConnection() throws IOException {
    client.write("POST " + CachingProxy.STATS_PATH + " HTTP/1.1\r\nHost: a\r\n"
        + "Content-Length: 1000000\r\n\r\n");
    RawClient.Got got = client.read("POST");
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.header("Connection")).isEqualTo("close");
    assertThat(client.closedByPeer()).isTrue();
  }

  /** The origin server recorded its exchanges in the transcript; the proxy did not. Both do. */
  @Test
  void exchangesAreRecordedInTheTranscript() throws IOException {
    org.minternet.core.tap.Transcript t = new org.minternet.core.tap.Transcript(100);
    try (CachingProxy p = CachingProxy.builder().port(0).host("cache.test").clock(clock)
        .transcript(t).build()) {
      p.start();
      try (RawClient c = new RawClient(p.port())) {
        c.get(base + "/t");
      }
    }
    List<String> lines = t.snapshot().stream()
        .map(e -> e.direction().marker() + " " + e.text()).toList();
    assertThat(lines).containsSubsequence("C: GET " + base + "/t HTTP/1.1",
        "S: HTTP/1.1 200 Scripted", "S: Via: 1.1 cache.test", "S: Content-Length: 10",
        "S: <10 bytes>");
  }

  @Test
  void forwardingLoopIsDetected() throws IOException {
    assertThat(client.get(base + "/loop", "Via: 1.1 other, 1.1 cache.test").status())
        .isEqualTo(508);
    assertThat(origin.seen).isEmpty();
  }

  /** A forwarding loop's 508 went out as "508 Status 508": it has its reason phrase. */
  @Test
  void forwardingLoopIs508LoopDetected() throws IOException {
    client.write("GET " + base + "/loop HTTP/1.1\r\nHost: a\r\nVia: 1.1 cache.test\r\n\r\n");
    assertThat(client.line()).isEqualTo("HTTP/1.1 508 Loop Detected");
  }

  @Test
  void unknownOriginIs502() throws IOException {
    assertThat(client.get("http://no-such-host.invalid/").status()).isEqualTo(502);
  }

  @Test
  void connectOpensATunnel() throws IOException {
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
          + echo.port() + "\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String expected = "HTTP/1.1 200 Connection Established\r\n\r\nhello";
      byte[] got = in.readNBytes(expected.length());
      assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo(expected);
      out.write("world".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("world");
      s.shutdownOutput();
      assertThat(in.read()).isEqualTo(-1);
    } finally {
      echo.close();
    }
    assertThat(proxy.stats().tunnels()).isEqualTo(1);
  }

  @Test
  void connectToAClosedPortIs502() throws IOException {
    int closed;
    try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
      closed = ss.getLocalPort();
    }
    client.write("CONNECT 127.0.0.1:" + closed + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(client.read("CONNECT").status()).isEqualTo(502);
  }

  @Test
  void diskTierSurvivesARestart(@TempDir Path dir) throws IOException {
    proxy.close();
    proxy = CachingProxy.builder().port(0).clock(clock).diskDirectory(dir).build();
    proxy.start();
    try (RawClient c = new RawClient(proxy.port())) {
      c.get(base + "/disk", "Accept-Language: fr");
    }
    proxy.syncDisk();
    proxy.close();
    origin.close();
    proxy = CachingProxy.builder().port(0).clock(clock).diskDirectory(dir).debugHeader(true)
        .build();
    proxy.start();
    try (RawClient c = new RawClient(proxy.port())) {
      RawClient.Got got = c.get(base + "/disk", "Accept-Language: fr");
      assertThat(got.body()).isEqualTo("body of /disk");
      assertThat(got.header("X-Cache")).startsWith("HIT");
    }
  }

  @Test
  void reverseModeServesOneOriginWithHost() throws IOException {
    proxy.close();
    proxy = CachingProxy.builder().port(0).clock(clock).reverse("127.0.0.1", origin.port())
        .build();
    proxy.start();
    try (RawClient c = new RawClient(proxy.port())) {
      assertThat(c.get("/r", "Host: www.example.edu").body()).isEqualTo("body of /r");
      assertThat(origin.last().headers().get("Host")).isEqualTo("www.example.edu");
      assertThat(origin.last().target()).isEqualTo("/r");
      assertThat(c.get("/r", "Host: www.example.edu").header("Age")).isEqualTo("0");
      c.get("/r", "Host: other.example.edu");
      assertThat(origin.count("/r")).isEqualTo(2);
    }
  }

  @Test
  void http10ClientGetsCloseDelimitedOrLengthFramedReplies() throws IOException {
    origin.script(s -> Answer.ok("ten", "Cache-Control", "no-store", "Transfer-Encoding", "chunked"));
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      s.getOutputStream().write(("GET " + base + "/ten HTTP/1.0\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(all).startsWith("HTTP/1.1 200").contains("Connection: close").endsWith("\r\n\r\nten");
      assertThat(all).doesNotContain("chunked");
    }
  }

  @Test
  void chunkedRequestBodyIsForwarded() throws IOException {
    origin.script(s -> Answer.ok("got " + new String(s.body(), StandardCharsets.UTF_8)));
    client.write("POST " + base + "/up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    assertThat(client.read("POST").body()).isEqualTo("got hello world");
    assertThat(origin.last().headers().get("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(client.get(base + "/after").status()).isEqualTo(200);
  }

  @Test
  void expectContinueIsAnsweredByTheProxy() throws IOException {
    origin.script(s -> Answer.ok("got " + new String(s.body(), StandardCharsets.UTF_8)));
    client.write("PUT " + base + "/put HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
        + "Content-Length: 4\r\n\r\n");
    assertThat(client.line()).isEqualTo("HTTP/1.1 100 Continue");
    assertThat(client.line()).isEmpty();
    client.write("data");
    RawClient.Got got = client.read("PUT");
    assertThat(got.body()).isEqualTo("got data");
    assertThat(origin.last().headers().contains("Expect")).isFalse();
  }

  @Test
  void originClosingAnIdleConnectionIsRetriedOnANewOne() throws IOException {
    origin.closeSilently = true;
    origin.script(s -> Answer.ok("fresh " + s.target(), "Cache-Control", "no-store"));
    assertThat(client.get(base + "/one").body()).isEqualTo("fresh /one");
    assertThat(client.get(base + "/two").body()).isEqualTo("fresh /two");
    assertThat(client.get(base + "/three").body()).isEqualTo("fresh /three");
    assertThat(origin.count("/two")).isEqualTo(1);
  }

  @Test
  void statisticsCountBytesOfStreamedResponses() throws IOException {
    origin.script(s -> Answer.ok("0123456789", "Cache-Control", "no-store",
        "Transfer-Encoding", "chunked"));
    client.get(base + "/s1");
    client.get(base + "/s2");
    CacheStats stats = proxy.stats();
    assertThat(stats.bytesFromOrigin()).isEqualTo(20);
    assertThat(stats.misses()).isEqualTo(2);
    assertThat(stats.hits()).isZero();
    assertThat(stats.objects()).isZero();
  }

  @Test
  void maxForwardsZeroIsAnsweredByTheProxyAndDecrementedOtherwise() throws IOException {
    RawClient.Got trace = client.send("TRACE", base + "/t", null, "Max-Forwards: 0",
        "Cookie: secret=1", "X-Mine: m");
    assertThat(trace.status()).isEqualTo(200);
    assertThat(trace.header("Content-Type")).isEqualTo("message/http");
    assertThat(trace.body()).startsWith("TRACE " + base + "/t HTTP/1.1").contains("X-Mine: m")
        .doesNotContain("secret");
    RawClient.Got options = client.send("OPTIONS", base + "/o", null, "Max-Forwards: 0");
    assertThat(options.header("Allow")).contains("GET");
    assertThat(origin.seen).isEmpty();
    client.send("OPTIONS", base + "/o", null, "Max-Forwards: 3");
    assertThat(origin.last().headers().get("Max-Forwards")).isEqualTo("2");
  }

  @Test
  void responseWithoutDateGetsOneAndIsAgedFromIt() throws IOException {
    origin.sendDate = false;
    String now = HttpDate.format(Instant.ofEpochMilli(clock.millis()));
    assertThat(client.get(base + "/nodate").header("Date")).isEqualTo(now);
    clock.advance(Duration.ofSeconds(7));
    RawClient.Got hit = client.get(base + "/nodate");
    assertThat(hit.header("Date")).isEqualTo(now);
    assertThat(hit.header("Age")).isEqualTo("7");
    assertThat(client.send("DELETE", base + "/nodate", null).header("Date")).isNotNull();
  }

  @Test
  void stuckOriginIs504() throws IOException {
    proxy.close();
    proxy = CachingProxy.builder().port(0).clock(clock).originTimeout(Duration.ofMillis(300))
        .build();
    proxy.start();
    CountDownLatch never = new CountDownLatch(1);
    origin.script(s -> {
      try {
        never.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    });
    try (RawClient c = new RawClient(proxy.port())) {
      assertThat(c.get(base + "/stuck").status()).isEqualTo(504);
    } finally {
      never.countDown();
    }
  }
}
