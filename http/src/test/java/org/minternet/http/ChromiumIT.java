package org.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
  void videoElementSeeksWithRangeRequests() throws Exception {
    Files.write(site.resolve("tone.wav"), wav(22050, 140));
    Files.writeString(site.resolve("seek.html"), """
        <!DOCTYPE html><html><body><video id="v" src="/tone.wav" preload="auto"></video>
        <p id="out">waiting</p><script>
        const v = document.getElementById('v'), out = document.getElementById('out');
        v.addEventListener('loadedmetadata', () => { v.currentTime = 120; });
        v.addEventListener('seeked', () => {
          out.textContent = 'seeked to ' + Math.round(v.currentTime) + ' of ' + Math.round(v.duration);
        });
        v.addEventListener('error', () => { out.textContent = 'media error'; });
        </script></body></html>
        """);
    String dom = dumpDom("/seek.html");
    assertThat(dom).contains("seeked to 120 of 140");
    List<String> partial = log.stream().filter(l -> l.contains("\"GET /tone.wav HTTP/1.1\" 206 ")).toList();
    assertThat(partial).hasSizeGreaterThanOrEqualTo(2);
    long full = Files.size(site.resolve("tone.wav"));
    assertThat(partial).anySatisfy(l -> assertThat(Long.parseLong(l.split(" ")[9])).isLessThan(full / 2));
  }

  /** A mono 16-bit PCM WAV file with a 440 Hz tone. */
  static byte[] wav(int rate, int seconds) {
    int samples = rate * seconds;
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
        .putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
    for (int i = 0; i < samples; i++) b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
    return b.array();
  }
}
