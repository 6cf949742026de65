package org.minternet.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.tls.TlsContexts;
import org.minternet.http.HttpServer;
import org.minternet.http.Response;
import org.minternet.http.Site;
import org.minternet.testing.ExternalTool;

/**
 * Real clients through the proxy to Minternet's origin server: the JDK HttpClient and curl
 * ({@code -x}, reverse mode, CONNECT for https). The origin serves static files with ETag and
 * Last-Modified, so an old file is fresh by heuristic and a new one is validated with 304.
 */
class CachingProxyIT {
  @TempDir Path tmp;
  private HttpServer origin;
  private CachingProxy proxy;
  private String base;

  @BeforeEach
  void start() throws IOException {
    Path site = Files.createDirectories(tmp.resolve("site"));
    Files.writeString(site.resolve("old.html"), "<p>old page</p>");
    Files.setLastModifiedTime(site.resolve("old.html"),
        FileTime.from(Instant.now().minus(Duration.ofDays(10))));
    Files.writeString(site.resolve("new.html"), "<p>new page</p>");
    origin = HttpServer.builder().host("localhost").port(0)
        .tls(TlsContexts.selfSigned(tmp.resolve("data"), List.of("localhost")), 0)
        .site(Site.builder("localhost").root(site).getPost("/echo", req ->
            req.method().equals("POST") ? Response.text(200, "posted " + req.bodyText())
                : Response.text(200, "current").header("Cache-Control", "max-age=600"))
            .build()).build();
    origin.start();
    proxy = CachingProxy.builder().port(0).host("cache.test").debugHeader(true).build();
    proxy.start();
    base = "http://127.0.0.1:" + origin.port();
  }

  @AfterEach
  void stop() {
    if (proxy != null) proxy.close();
    if (origin != null) origin.close();
  }

  private HttpClient jdkClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .proxy(ProxySelector.of(new InetSocketAddress(InetAddress.getLoopbackAddress(),
            proxy.port())))
        .build();
  }

  @Test
  void jdkClientGetsHitsThroughTheForwardProxy() throws Exception {
    HttpClient c = jdkClient();
    HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/old.html")).build();
    HttpResponse<String> first = c.send(get, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> second = c.send(get, HttpResponse.BodyHandlers.ofString());
    assertThat(first.body()).isEqualTo("<p>old page</p>");
    assertThat(first.headers().firstValue("X-Cache")).hasValueSatisfying(v -> v.startsWith("MISS"));
    assertThat(second.body()).isEqualTo("<p>old page</p>");
    assertThat(second.headers().firstValue("X-Cache")).hasValue("HIT from cache.test");
    assertThat(second.headers().firstValue("Via")).hasValue("1.1 cache.test");
    assertThat(proxy.stats().hits()).isEqualTo(1);
  }

  @Test
  void revalidationShowsTheOriginAnswering304AndTheCacheServingTheStoredBody() throws Exception {
    HttpClient c = jdkClient();
    HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/new.html")).build();
    c.send(get, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> second = c.send(get, HttpResponse.BodyHandlers.ofString());
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).isEqualTo("<p>new page</p>");
    assertThat(second.headers().firstValue("X-Cache")).hasValue("REVALIDATED from cache.test");
    CacheStats stats = proxy.stats();
    assertThat(stats.revalidations()).isEqualTo(1);
    assertThat(stats.notModified()).isEqualTo(1);
    assertThat(stats.bytesFromOrigin()).isEqualTo("<p>new page</p>".length());
  }

  @Test
  void jdkClientPostThroughTheProxyInvalidatesTheStoredPage() throws Exception {
    HttpClient c = jdkClient();
    HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/echo")).build();
    c.send(get, HttpResponse.BodyHandlers.ofString());
    assertThat(c.send(get, HttpResponse.BodyHandlers.ofString()).headers().firstValue("X-Cache"))
        .hasValue("HIT from cache.test");
    HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
        .POST(HttpRequest.BodyPublishers.ofString("a=1")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("posted a=1");
    assertThat(r.headers().firstValue("X-Cache")).hasValue("PASS from cache.test");
    assertThat(c.send(get, HttpResponse.BodyHandlers.ofString()).headers().firstValue("X-Cache"))
        .hasValue("MISS from cache.test");
  }

  private Path curl() {
    Optional<Path> tool = ExternalTool.forTest("curl");
    assumeTrue(tool.isPresent(), "curl not installed");
    return tool.get();
  }

  private String curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(curl().toString(), "-sS", "--max-time", "20"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  @Test
  void curlThroughTheForwardProxyReusesOneConnection() throws Exception {
    String proxyUrl = "http://127.0.0.1:" + proxy.port();
    String out = curl("-x", proxyUrl, "-D", "-", base + "/old.html", base + "/old.html");
    assertThat(out).contains("X-Cache: MISS from cache.test", "X-Cache: HIT from cache.test",
        "<p>old page</p><p>old page</p>".substring(0, 15));
    assertThat(out.split("old page", -1)).hasSize(3);
    String head = curl("-x", proxyUrl, "-I", base + "/old.html");
    assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: 15",
        "X-Cache: HIT from cache.test");
  }

  @Test
  void curlConditionalIsAnsweredByTheCache() throws Exception {
    String proxyUrl = "http://127.0.0.1:" + proxy.port();
    curl("-x", proxyUrl, "-o", "/dev/null", base + "/old.html");
    String code = curl("-x", proxyUrl, "-z", "Jan 1 2099", "-o", "/dev/null", "-w",
        "%{http_code}", base + "/old.html");
    assertThat(code).isEqualTo("304");
  }

  @Test
  void curlHttpsThroughAConnectTunnel() throws Exception {
    String out = curl("-k", "-x", "http://127.0.0.1:" + proxy.port(),
        "https://localhost:" + origin.tlsPort() + "/old.html");
    assertThat(out).isEqualTo("<p>old page</p>");
    assertThat(proxy.stats().tunnels()).isEqualTo(1);
    assertThat(proxy.stats().objects()).isZero();
  }

  @Test
  void curlAgainstTheReverseProxy() throws Exception {
    proxy.close();
    proxy = CachingProxy.builder().port(0).host("accel.test").debugHeader(true)
        .reverse("127.0.0.1", origin.port()).build();
    proxy.start();
    String url = "http://127.0.0.1:" + proxy.port() + "/old.html";
    String out = curl("-D", "-", url, url);
    assertThat(out).contains("X-Cache: MISS from accel.test", "X-Cache: HIT from accel.test");
    assertThat(out.split("old page", -1)).hasSize(3);
  }

  @Test
  void curlRequestsAndTunnelsAreInTheAccessLogFile() throws Exception {
    proxy.close();
    Path file = tmp.resolve("logs/access.log");
    proxy = CachingProxy.builder().port(0).host("cache.test")
        .accessLog(org.minternet.http.AccessLog.toFile(file)).build();
    proxy.start();
    String proxyUrl = "http://127.0.0.1:" + proxy.port();
    curl("-x", proxyUrl, "-o", "/dev/null", "-o", "/dev/null", base + "/old.html",
        base + "/old.html");
    curl("-k", "-x", proxyUrl, "-o", "/dev/null", "https://localhost:" + origin.tlsPort()
        + "/old.html");
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < 200 && lines.size() < 3; i++) {
      Thread.sleep(100); // the tunnel's line is written once the proxy has closed it
      lines = Files.readAllLines(file);
    }
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("127.0.0.1 - - [").contains(
        "] \"GET " + base + "/old.html HTTP/1.1\" 200 15 \"-\" \"curl/").contains("\"TCP_MISS\" ");
    assertThat(lines.get(1)).contains("\" 200 15 \"-\" \"curl/", "\"TCP_MEM_HIT\" ");
    assertThat(lines.get(2)).contains("\"CONNECT localhost:" + origin.tlsPort() + " HTTP/1.1\" 200 ",
        "\"TCP_TUNNEL\" ");
  }

  @Test
  void curlFromOutsideTheClientNetworksIsRefused() throws Exception {
    proxy.close();
    proxy = CachingProxy.builder().port(0).allow("10.0.0.0/8").build();
    proxy.start();
    String code = curl("-x", "http://127.0.0.1:" + proxy.port(), "-o", "/dev/null", "-w",
        "%{http_code}", base + "/old.html");
    assertThat(code).isEqualTo("403");
  }
}
