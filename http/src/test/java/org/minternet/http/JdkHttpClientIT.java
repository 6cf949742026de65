package org.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.tls.TlsContexts;

/** The JDK's java.net.http client against the origin server. */
class JdkHttpClientIT {
  @TempDir Path tmp;
  InteropServer s;
  HttpClient client;

  @BeforeEach
  void start() throws Exception {
    s = new InteropServer(tmp);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(TlsContexts.trusting(TlsContexts.worldCertificate(s.data))).build();
  }

  @AfterEach
  void stop() {
    client.close();
    s.close();
  }

  @Test
  void getOverPersistentConnections() throws Exception {
    for (int i = 1; i <= 10; i++) {
      HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(
          s.http("/images/img" + i + ".png"))).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(Files.readAllBytes(s.site.resolve("images/img" + i + ".png")));
    }
    assertThat(s.server.connectionsAccepted()).isEqualTo(1);
  }

  @Test
  void conditionalAndRange() throws Exception {
    HttpResponse<String> first = client.send(HttpRequest.newBuilder(URI.create(s.http("/style.css")))
        .build(), HttpResponse.BodyHandlers.ofString());
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> second = client.send(HttpRequest.newBuilder(URI.create(s.http("/style.css")))
        .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(second.statusCode()).isEqualTo(304);
    HttpResponse<byte[]> part = client.send(HttpRequest.newBuilder(URI.create(s.http("/big.bin")))
        .header("Range", "bytes=-10").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).hasSize(10);
  }

  @Test
  void postFormAndCookiesOverHttps() throws Exception {
    HttpClient withCookies = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .cookieHandler(new java.net.CookieManager())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .sslContext(TlsContexts.trusting(TlsContexts.worldCertificate(s.data))).build();
    HttpResponse<String> r = withCookies.send(HttpRequest.newBuilder(URI.create(s.https("/cart")))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("item=textbook")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("<li>textbook</li>");
    assertThat(r.previousResponse().orElseThrow().headers().firstValue("Set-Cookie").orElseThrow())
        .contains("Secure").contains("HttpOnly");
    withCookies.close();
  }

  @Test
  void chunkedUploadWithPut() throws Exception {
    HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(TlsContexts.trusting(TlsContexts.worldCertificate(s.data))).build();
    byte[] data = "streamed body".getBytes();
    HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(s.https("/put.txt")))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
            "alice:wonderland".getBytes()))
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(data)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(Files.readAllBytes(s.site.resolve("put.txt"))).isEqualTo(data);
    https.close();
  }
}
