package org.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.ExternalTool;

/**
 * Headless Chromium (Debian package chromium) loads the textbook page with its images, and seeks
 * in a stored media file through a video element, which it does with Range requests.
 */
class ChromiumIT {
  @TempDir Path tmp;
  Path chromium;
  Path site;
  HttpServer server;
  final List<String> log = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Optional<Path> tool = ExternalTool.forTest("chromium");
    assumeTrue(tool.isPresent(), "chromium not installed");
    chromium = tool.get();
    site = tmp.resolve("site");
    TextbookSite.write(site, "gaia.cs.umass.edu");
    server = HttpServer.builder().site(Site.builder("gaia.cs.umass.edu").root(site).build())
        .accessLog(log::add).build();
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  private String dumpDom(String path) throws Exception {
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--user-data-dir=" + tmp.resolve("profile"),
        "--virtual-time-budget=10000", "--dump-dom",
        "http://127.0.0.1:" + server.port() + path)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }

  private long count(String fragment) {
    return log.stream().filter(l -> l.contains(fragment)).count();
  }

  @Test
  void loadsTheTextbookPageWithItsImages() throws Exception {
    String dom = dumpDom("/");
    assertThat(dom).contains("Welcome to gaia.cs.umass.edu");
    for (int i = 1; i <= TextbookSite.IMAGES; i++) {
      assertThat(count("\"GET /images/img" + i + ".png HTTP/1.1\" 200 ")).as("image " + i).isEqualTo(1);
    }
    assertThat(count("\"GET /style.css HTTP/1.1\" 200 ")).isEqualTo(1);
    assertThat(count("\"GET /script.js HTTP/1.1\" 200 ")).isEqualTo(1);
  }

  @Test
  void mediaPagePlayerLoadsTheRecording() throws Exception {
    String dom = dumpDom("/media.html");
    assertThat(dom).contains("<video");
    assertThat(count("\"GET /media/lecture.wav HTTP/1.1\" 206 ")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void videoElementSeeksWithRangeRequests() throws Exception {
    Files.write(site.resolve("tone.wav"), TextbookSite.wav(22050, 700));
    Files.writeString(site.resolve("seek.html"), """
        <!DOCTYPE html><html><body><video id="v" src="/tone.wav" preload="auto"></video>
        <p id="out">waiting</p><script>
        const v = document.getElementById('v'), out = document.getElementById('out');
        v.addEventListener('loadedmetadata', () => { v.currentTime = 690; });
        v.addEventListener('seeked', () => {
          out.textContent = 'seeked to ' + Math.round(v.currentTime) + ' of ' + Math.round(v.duration);
        });
        v.addEventListener('error', () => { out.textContent = 'media error'; });
        </script></body></html>
        """);
    String dom = dumpDom("/seek.html");
    assertThat(dom).contains("seeked to 690 of 700");
    List<String> partial = log.stream().filter(l -> l.contains("\"GET /tone.wav HTTP/1.1\" 206 ")).toList();
    assertThat(partial).hasSizeGreaterThanOrEqualTo(2);
    long full = Files.size(site.resolve("tone.wav"));
    // the seek: a range from far into the file, much shorter than the whole
    assertThat(partial.stream().map(l -> l.split(" ")[9]).filter(b -> !b.equals("-"))
        .map(Long::parseLong)).anyMatch(bytes -> bytes < full / 2);
  }
}
