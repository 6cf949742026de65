package org.minternet.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.http.HttpServer;
import org.minternet.http.Site;
import org.minternet.http.TestSite;
import org.minternet.http.client.ClientRequest;
import org.minternet.http.client.ClientResponse;
import org.minternet.http.client.HttpClient;

/**
 * The textbook's institutional cache (section 2.2.5): two browsers of the institution load the
 * base page and its ten images through the cache with Minternet's own client ({@code minternet
 * fetch --proxy}). The images are old, so the second browser gets them from the cache; the base
 * page is new, so the cache validates it and the origin answers 304 without sending it again.
 */
class TextbookCachingIT {
  @TempDir Path tmp;
  private HttpServer origin;
  private CachingProxy proxy;
  private final List<String> paths = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    Path site = tmp.resolve("site");
    TestSite.write(site, "gaia.cs.umass.edu");
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(30)));
    paths.add("/index.html");
    for (String p : List.of("/style.css", "/script.js")) {
      paths.add(p);
      Files.setLastModifiedTime(site.resolve(p.substring(1)), old);
    }
    for (int i = 1; i <= TestSite.IMAGES; i++) {
      paths.add("/images/img" + i + ".png");
      Files.setLastModifiedTime(site.resolve("images/img" + i + ".png"), old);
    }
    origin = HttpServer.builder().host("gaia.cs.umass.edu").port(0)
        .site(Site.builder("gaia.cs.umass.edu").root(site).gzip(false).build()).build();
    origin.start();
    proxy = CachingProxy.builder().port(0).host("cache.poly.edu").build();
    proxy.start();
  }

  @AfterEach
  void stop() {
    if (proxy != null) proxy.close();
    if (origin != null) origin.close();
  }

  private long browse() throws IOException {
    long bytes = 0;
    try (HttpClient browser = HttpClient.builder()
        .proxy(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port())).build()) {
      for (String p : paths) {
        ClientResponse r = browser.send(ClientRequest.get("http://127.0.0.1:" + origin.port() + p));
        assertThat(r.status()).as(p).isEqualTo(200);
        bytes += r.body().length;
      }
    }
    return bytes;
  }

  @Test
  void secondBrowserIsServedByTheCache() throws IOException {
    long first = browse();
    CacheStats afterFirst = proxy.stats();
    long second = browse();
    CacheStats s = proxy.stats();
    assertThat(second).isEqualTo(first);
    assertThat(afterFirst.misses()).isEqualTo(13);
    assertThat(s.hits()).isEqualTo(12);
    assertThat(s.revalidations()).isEqualTo(1);
    assertThat(s.notModified()).isEqualTo(1);
    assertThat(s.bytesFromOrigin()).isEqualTo(afterFirst.bytesFromOrigin());
    assertThat(s.bytesFromCache()).isEqualTo(second);
    assertThat(s.hitRatio()).isGreaterThan(0.45);
  }
}
