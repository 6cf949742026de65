package org.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class HttpCliTest {
  @RegisterExtension final Console console = new Console();
  @TempDir Path dir;

  private static HttpResponse<String> get(int port, String path) throws Exception {
    try (HttpClient c = HttpClient.newHttpClient()) {
      return c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void httpServeServesTheRootAndLogsEachRequest() throws Exception {
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("hello.html"), "hello");
    String banner = console.serve("http", "serve", "--port", "0", "--root", www.toString(), "--data", dir.resolve("data").toString());
    assertThat(banner).startsWith("http serving " + www + " on http://127.0.0.1:");
    HttpResponse<String> r = get(Console.port(banner, "http://"), "/hello.html");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello");
    assertThat(console.stop()).isZero();
    assertThat(Files.readString(dir.resolve("data/http/localhost/access.log"))).contains("\"GET /hello.html HTTP/1.1\" 200 5");
  }

  @Test
  void httpServeWithoutAccessLogWritesNone() throws Exception {
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("a.html"), "a");
    String banner = console.serve("http", "serve", "--port", "0", "--root", www.toString(), "--data",
        dir.resolve("data").toString(), "--no-access-log");
    assertThat(get(Console.port(banner, "http://"), "/a.html").statusCode()).isEqualTo(200);
    console.stop();
    assertThat(dir.resolve("data/http/localhost/access.log")).doesNotExist();
  }

  @Test
  void proxyBannerAdvertisesAStatisticsCommandThatExists() throws Exception {
    String banner = console.serveUntil(")\n", "http", "proxy", "--port", "0");
    assertThat(banner).startsWith("http-proxy: forward proxy on 127.0.0.1:").doesNotContain("Ctrl-C");
    int port = Console.port(banner, "forward proxy on ");
    assertThat(banner).contains("statistics: minternet http proxy-stats 127.0.0.1:" + port + ")");
    console.clear();
    assertThat(Main.execute("http", "proxy-stats", "127.0.0.1:" + port)).isZero();
    assertThat(console.out()).contains("requests");
    assertThat(console.stop()).isZero();
  }

  @Test
  void reverseProxyNamesItsOrigin() throws Exception {
    String banner = console.serveUntil("/\n", "http", "proxy", "--port", "0", "--reverse", "127.0.0.1:9", "--memory", "1m");
    assertThat(banner).startsWith("http-proxy: reverse proxy for 127.0.0.1:9 on http://127.0.0.1:");
  }

  @Test
  void proxyReportsAnAccessLogItCannotOpen() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertThat(Main.execute("http", "proxy", "--port", "0", "--access-log", file.resolve("access.log").toString()))
        .isEqualTo(Main.FAILED);
    assertThat(console.err()).contains("cannot open the access log");
  }

  @Test
  void proxyRejectsAReverseOriginWithoutPort() {
    assertThat(Main.execute("http", "proxy", "--port", "0", "--reverse", "origin.test")).isEqualTo(Main.USAGE);
    assertThat(console.err()).contains("--reverse needs HOST:PORT");
  }

  @Test
  void fetchOfAnHttpsServerOfAnotherWorldSaysWhatToDo() throws Exception {
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("a.html"), "a");
    String banner = console.serve("http", "serve", "--port", "0", "--https-port", "0", "--root", www.toString(),
        "--data", dir.resolve("world").toString(), "--no-access-log");
    String url = "https://127.0.0.1:" + Console.port(banner, "https://") + "/a.html";
    console.clear();
    assertThat(Main.execute("fetch", "-s", url, "--data-dir", dir.resolve("other").toString())).isEqualTo(Main.FAILED);
    assertThat(console.err()).contains("the server's certificate is not trusted", "--data-dir", "--insecure")
        .doesNotContain("PKIX");
    console.clear();
    assertThat(Main.execute("fetch", "-s", url, "--data-dir", dir.resolve("world").toString())).isZero();
    assertThat(console.out()).isEqualTo("a");
    console.clear();
    assertThat(Main.execute("fetch", "-s", "-k", url, "--data-dir", dir.resolve("other").toString())).isZero();
    assertThat(console.out()).isEqualTo("a");
  }
}
