package org.minternet.world.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.http.HttpServer;
import org.minternet.http.Response;
import org.minternet.http.Site;
import org.minternet.testing.ExternalTool;

/**
 * Headless Chromium (Debian package chromium) loads the textbook page with its images, and plays
 * and seeks the stored video of the media page, which it fetches with Range requests.
 */
class ChromiumIT {
  @TempDir Path tmp;
  Path chromium;
  Path site;
  HttpServer server;
  final List<String> log = new CopyOnWriteArrayList<>();
  final BlockingQueue<String> reports = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    Optional<Path> tool = ExternalTool.forTest("chromium");
    assumeTrue(tool.isPresent(), "chromium not installed");
    chromium = tool.get();
    site = tmp.resolve("site");
    TextbookSite.write(site, "gaia.cs.umass.edu");
    // the site as served, plus /report where a probe page reports what it saw
    server = HttpServer.builder().site(Site.builder("gaia.cs.umass.edu").root(site)
            .get("/report", request -> {
              reports.add(String.join("", request.queryParameters().getOrDefault("result", List.of())));
              return Response.status(204);
            }).build())
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
        "--autoplay-policy=no-user-gesture-required",
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
  void mediaPageDeclaresTheVideo() throws Exception {
    String dom = dumpDom("/media.html");
    assertThat(dom).contains("<video").contains("src=\"/" + TextbookSite.VIDEO + "\"");
    // even for preload="metadata" the player asks with a Range request, answered 206
    assertThat(count("\"GET /" + TextbookSite.VIDEO + " HTTP/1.1\" 206 ")).isGreaterThanOrEqualTo(1);
  }

  /**
   * A probe page frames the media page as the site serves it, plays its video, and once the
   * video has played a while, seeks to 20 s and lets it play on. Playback runs in real time, which
   * {@code --virtual-time-budget} would cut short, so Chromium runs without {@code --dump-dom}
   * and the probe reports what it saw to the server ({@code GET /report?result=...}).
   */
  @Test
  void mediaPagePlaysTheVideoAndSeeksWithRangeRequests() throws Exception {
    Files.writeString(site.resolve("probe.html"), """
        <!DOCTYPE html><html><body>
        <iframe id="f" src="/media.html" width="400" height="300"></iframe><script>
        const f = document.getElementById('f');
        const report = s => fetch('/report?result=' + encodeURIComponent(s));
        const state = v => 'time=' + v.currentTime.toFixed(3) + ' ready=' + v.readyState
            + ' size=' + v.videoWidth + 'x' + v.videoHeight + ' duration=' + v.duration.toFixed(1);
        f.addEventListener('load', () => {
          const v = f.contentDocument.querySelector('video');
          v.muted = true;
          v.play().catch(e => report('play refused ' + e.name));
          let played = null, seeked = null;
          const tick = setInterval(() => {
            // a media error, or no <source> the player can use (which may fail before this runs)
            if (v.error || v.networkState === HTMLMediaElement.NETWORK_NO_SOURCE) {
              clearInterval(tick);
              report('cannot play: ' + (v.error ? 'media error ' + v.error.code : 'no usable source'));
            } else if (played === null && v.currentTime > 1.5 && v.readyState >= 2) {
              played = state(v);
              v.addEventListener('seeked', () => { seeked = state(v); }, {once: true});
              v.currentTime = 20;
            } else if (seeked !== null && v.currentTime > 21.5) {
              clearInterval(tick);
              report('played ' + played + ' | seeked ' + seeked + ' | after ' + state(v));
            }
          }, 50);
        });
        </script></body></html>
        """);
    String result = browse("/probe.html");
    Matcher m = Pattern.compile("played (.*) \\| seeked (.*) \\| after (.*)").matcher(result);
    assertThat(m.matches()).as(result).isTrue();
    Map<String, String> played = parse(m.group(1));
    Map<String, String> seeked = parse(m.group(2));
    Map<String, String> after = parse(m.group(3));
    // real video decoding: frames of the recorded size, current data at the playback position
    assertThat(played).containsEntry("size", "320x180").containsEntry("duration", "40.0");
    assertThat(Integer.parseInt(played.get("ready"))).isGreaterThanOrEqualTo(2);
    assertThat(Double.parseDouble(played.get("time"))).isGreaterThan(1).isLessThan(20);
    // the seek landed where asked, and playback went on from there
    assertThat(Double.parseDouble(seeked.get("time"))).isBetween(19.5, 20.5);
    assertThat(Integer.parseInt(after.get("ready"))).isGreaterThanOrEqualTo(2);
    assertThat(Double.parseDouble(after.get("time"))).isGreaterThan(21);
    // every fetch of the video was a Range request, answered 206
    String video = "\"GET /" + TextbookSite.VIDEO + " HTTP/1.1\" ";
    assertThat(count(video + "206 ")).isGreaterThanOrEqualTo(1);
    assertThat(count(video)).isEqualTo(count(video + "206 "));
  }

  /**
   * Opens {@code path} in headless Chromium and returns the first result the page reports to
   * {@code /report}.
   */
  private String browse(String path) throws Exception {
    Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--user-data-dir=" + tmp.resolve("profile"),
        "--autoplay-policy=no-user-gesture-required",
        "http://127.0.0.1:" + server.port() + path)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      String result = reports.poll(90, TimeUnit.SECONDS);
      assertThat(result).as("report from the probe page").isNotNull();
      return result;
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
    }
  }

  private static Map<String, String> parse(String state) {
    Map<String, String> values = new HashMap<>();
    for (String pair : state.trim().split(" ")) {
      String[] kv = pair.split("=", 2);
      values.put(kv[0], kv[1]);
    }
    return values;
  }
}
