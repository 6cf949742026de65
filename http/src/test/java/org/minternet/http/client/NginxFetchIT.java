package org.minternet.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.http.HttpServer;
import org.minternet.http.Site;
import org.minternet.http.TestSite;
import org.minternet.http.wire.Headers;
import org.minternet.testing.ExternalTool;

/**
 * The client against nginx (Debian package nginx-light) serving the same textbook page as
 * Minternet: fetch finds the same objects with the same sizes; nginx's chunked gzip responses
 * decode.
 */
class NginxFetchIT {
  @TempDir Path tmp;
  Process nginx;
  int nginxPort;
  Path site;

  @BeforeEach
  void start() throws Exception {
    Optional<Path> tool = ExternalTool.forTest("nginx");
    assumeTrue(tool.isPresent(), "nginx not installed");
    site = tmp.resolve("site");
    TestSite.write(site, "gaia.cs.umass.edu");
    worldReadable(tmp);
    try (ServerSocket s = new ServerSocket(0)) {
      nginxPort = s.getLocalPort();
    }
    Path conf = tmp.resolve("nginx.conf");
    String t = tmp.toString();
    Files.writeString(conf, "worker_processes 1; daemon off; pid " + t + "/nginx.pid;\n"
        + "error_log " + t + "/error.log;\nevents { worker_connections 64; }\n"
        + "http { access_log off; client_body_temp_path " + t + "/b; proxy_temp_path " + t + "/p;\n"
        + " fastcgi_temp_path " + t + "/f; uwsgi_temp_path " + t + "/u; scgi_temp_path " + t + "/s;\n"
        + " types { text/html html; text/css css; text/javascript js; image/png png; }\n"
        + " gzip on; gzip_min_length 1; gzip_types text/css text/javascript;\n"
        + " server { listen 127.0.0.1:" + nginxPort + "; root " + site + "; } }\n");
    nginx = new ProcessBuilder(tool.get().toString(), "-c", conf.toString(), "-e", t + "/error.log")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("nginx.out").toFile()).start();
    for (int i = 0; i < 100; i++) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", nginxPort)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("nginx did not start: " + Files.readString(tmp.resolve("nginx.out")));
  }

  /** nginx's workers run as an unprivileged user when started by root: let them read the site. */
  private static void worldReadable(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
            Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static List<String> summary(Fetch.PageLoad load) {
    return load.rows().stream().map(r -> r.uri().getPath() + " " + r.status() + " " + r.timing().bytes())
        .sorted().toList();
  }

  @Test
  void sameObjectsFromNginxAndMinternet() throws Exception {
    HttpServer ours = HttpServer.builder().site(Site.builder("gaia.cs.umass.edu").root(site).build()).build();
    ours.start();
    try {
      for (FetchOptions.Mode mode : FetchOptions.Mode.values()) {
        List<String> fromNginx = summary(Fetch.loadPage(
            new FetchOptions("http://127.0.0.1:" + nginxPort + "/").objects(true).mode(mode)));
        List<String> fromUs = summary(Fetch.loadPage(
            new FetchOptions("http://127.0.0.1:" + ours.port() + "/").objects(true).mode(mode)));
        assertThat(fromNginx).hasSize(13).isEqualTo(fromUs);
      }
    } finally {
      ours.close();
    }
  }

  private static List<String> decoded(Fetch.PageLoad load) {
    return load.rows().stream().map(r -> r.uri().getPath() + " " + r.status() + " "
        + r.timing().decodedBytes() + (r.error() == null ? "" : " " + r.error())).sorted().toList();
  }

  @Test
  void compressedPageLoadFromNginxDecodesToTheSameObjects() throws Exception {
    HttpServer ours = HttpServer.builder().site(Site.builder("gaia.cs.umass.edu").root(site).build()).build();
    ours.start();
    try {
      Fetch.PageLoad fromNginx = Fetch.loadPage(new FetchOptions("http://127.0.0.1:" + nginxPort
          + "/").objects(true).compressed(true));
      Fetch.PageLoad fromUs = Fetch.loadPage(new FetchOptions("http://127.0.0.1:" + ours.port()
          + "/").objects(true).compressed(true));
      assertThat(decoded(fromNginx)).hasSize(13).isEqualTo(decoded(fromUs))
          .isEqualTo(decoded(Fetch.loadPage(new FetchOptions("http://127.0.0.1:" + nginxPort
              + "/").objects(true))));
      assertThat(fromNginx.rows()).anySatisfy(r -> assertThat(r.timing().bytes())
          .isLessThan(r.timing().decodedBytes()));
    } finally {
      ours.close();
    }
    try (HttpClient c = HttpClient.builder().compressed(true).build()) {
      ClientResponse css = c.send(ClientRequest.get("http://127.0.0.1:" + nginxPort + "/style.css"));
      assertThat(css.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(css.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(css.body()).isEqualTo(Files.readAllBytes(site.resolve("style.css")));
    }
  }

  @Test
  void chunkedGzipFromNginxDecodes() throws Exception {
    try (HttpClient c = HttpClient.builder().build()) {
      ClientResponse r = c.send(new ClientRequest("GET", java.net.URI.create(
          "http://127.0.0.1:" + nginxPort + "/style.css"), Headers.of("Accept-Encoding", "gzip"), null));
      assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
      assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
      try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
        assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(site.resolve("style.css")));
      }
      for (int i = 0; i < 3; i++) {
        assertThat(c.send(ClientRequest.get("http://127.0.0.1:" + nginxPort + "/images/img1.png"))
            .body()).isEqualTo(Files.readAllBytes(site.resolve("images/img1.png")));
      }
    }
  }
}
