package org.minternet.world.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.http.HttpServer;
import org.minternet.http.Site;
import org.minternet.http.client.ClientRequest;
import org.minternet.http.client.ClientResponse;
import org.minternet.http.client.HttpClient;
import org.minternet.http.wire.Headers;

/** The textbook site's content, and its stored video served as a browser's player needs it. */
class TextbookSiteTest {
  @TempDir Path tmp;
  Path site;
  HttpServer server;
  byte[] video;

  @BeforeEach
  void start() throws Exception {
    site = tmp.resolve("site");
    TextbookSite.write(site, "gaia.cs.umass.edu");
    video = Files.readAllBytes(site.resolve(TextbookSite.VIDEO));
    server = HttpServer.builder().site(Site.builder("gaia.cs.umass.edu").root(site).build()).build();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A response as these tests read it. */
  record Resp(int code, Headers headers, byte[] body) {
    String header(String name) {
      return headers.get(name);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  Resp get(String target, String... headers) throws Exception {
    Headers.Builder h = Headers.builder();
    for (String line : headers) {
      int colon = line.indexOf(':');
      h.add(line.substring(0, colon), line.substring(colon + 1).trim());
    }
    try (HttpClient c = HttpClient.builder().build()) {
      ClientResponse r = c.send(new ClientRequest("GET",
          URI.create("http://127.0.0.1:" + server.port() + target), h.build(), null));
      return new Resp(r.status(), r.headers(), r.body());
    }
  }

  @Test
  void theVideoIsTheShippedWebmRecording() throws Exception {
    assertThat(video).isEqualTo(TextbookSite.video());
    // an EBML header (Matroska/WebM magic) whose DocType is "webm"
    assertThat(Arrays.copyOf(video, 4)).containsExactly(0x1a, 0x45, 0xdf, 0xa3);
    assertThat(new String(video, 0, 64, StandardCharsets.ISO_8859_1)).contains("webm");
    assertThat(video.length).isBetween(100_000, 1_000_000);
  }

  @Test
  void mediaPagePlaysTheVideo() throws Exception {
    String page = get("/media.html").text();
    assertThat(page).contains("<video controls preload=\"metadata\"")
        .contains("<source src=\"/media/lecture.webm\" type=\"video/webm\">");
    assertThat(get("/").text()).contains("<a href=\"/media.html\">");
  }

  @Test
  void videoIsServedAsWebmWithRanges() throws Exception {
    Resp whole = get("/" + TextbookSite.VIDEO);
    assertThat(whole.code()).isEqualTo(200);
    assertThat(whole.header("Content-Type")).isEqualTo("video/webm");
    assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(whole.body()).isEqualTo(video);

    // a player's request for the middle of the file; already compressed, so never gzipped
    Resp part = get("/" + TextbookSite.VIDEO, "Range: bytes=1000-1999", "Accept-Encoding: gzip");
    assertThat(part.code()).isEqualTo(206);
    assertThat(part.header("Content-Type")).isEqualTo("video/webm");
    assertThat(part.header("Content-Range")).isEqualTo("bytes 1000-1999/" + video.length);
    assertThat(part.header("Content-Encoding")).isNull();
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(video, 1000, 2000));

    // the open-ended range a browser starts with, and one past the end
    Resp open = get("/" + TextbookSite.VIDEO, "Range: bytes=0-");
    assertThat(open.code()).isEqualTo(206);
    assertThat(open.body()).isEqualTo(video);
    assertThat(get("/" + TextbookSite.VIDEO, "Range: bytes=" + video.length + "-").code())
        .isEqualTo(416);
  }

  @Test
  void existingFilesSurviveAnotherWrite() throws Exception {
    Files.writeString(site.resolve("media.html"), "edited");
    Files.write(site.resolve(TextbookSite.VIDEO), new byte[] {1, 2, 3});
    TextbookSite.write(site, "gaia.cs.umass.edu");
    assertThat(Files.readString(site.resolve("media.html"))).isEqualTo("edited");
    assertThat(Files.readAllBytes(site.resolve(TextbookSite.VIDEO))).containsExactly(1, 2, 3);
  }
}
