package org.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.http.client.CookieJar;
import org.minternet.http.client.Fetch;
import org.minternet.http.client.FetchOptions;
import org.minternet.testing.ExternalTool;

/** curl against the origin server (Debian package curl). */
class CurlIT {
  @TempDir Path tmp;
  InteropServer s;
  Path curl;

  @BeforeEach
  void start() throws IOException {
    Optional<Path> tool = ExternalTool.forTest("curl");
    assumeTrue(tool.isPresent(), "curl not installed");
    curl = tool.get();
    s = new InteropServer(tmp);
  }

  @AfterEach
  void stop() {
    if (s != null) s.close();
  }

  String curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(curl.toString(), "-sS", "--max-time", "20"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  @Test
  void getsThePageAndHttp10() throws Exception {
    assertThat(curl(s.http("/"))).isEqualTo(Files.readString(s.site.resolve("index.html"),
        StandardCharsets.ISO_8859_1));
    // RFC 9110 §2.5: the server answers with its own version, 1.1, and closes the 1.0 connection
    assertThat(curl("--http1.0", "-D", "-", "-o", "/dev/null", s.http("/")))
        .startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: close\r\n");
    assertThat(curl("--http1.0", "-H", "Connection: keep-alive", "-o", "/dev/null", "-o", "/dev/null",
        "-w", "%{num_connects}\n", s.http("/"), s.http("/style.css"))).isEqualTo("1\n0\n");
  }

  @Test
  void keepAliveReusesTheConnection() throws Exception {
    String out = curl("-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null", "-w", "%{num_connects}\n",
        s.http("/"), s.http("/style.css"), s.http("/images/img1.png"));
    assertThat(out).isEqualTo("1\n0\n0\n");
    assertThat(s.server.connectionsAccepted()).isEqualTo(1);
  }

  @Test
  void rangeRequest() throws Exception {
    Path part = tmp.resolve("part");
    assertThat(curl("-r", "100-199", "-o", part.toString(), "-w", "%{http_code}", s.http("/big.bin")))
        .isEqualTo("206");
    byte[] whole = Files.readAllBytes(s.site.resolve("big.bin"));
    assertThat(Files.readAllBytes(part)).isEqualTo(java.util.Arrays.copyOfRange(whole, 100, 200));
    assertThat(curl("-r", "5000000-", "-o", "/dev/null", "-w", "%{http_code}", s.http("/big.bin")))
        .isEqualTo("416");
  }

  @Test
  void conditionalWithZ() throws Exception {
    Path newer = tmp.resolve("newer");
    Files.writeString(newer, "x");
    Files.setLastModifiedTime(newer, java.nio.file.attribute.FileTime.fromMillis(
        System.currentTimeMillis() + 3_600_000));
    assertThat(curl("-z", newer.toString(), "-o", "/dev/null", "-w", "%{http_code}", s.http("/style.css")))
        .isEqualTo("304");
    assertThat(curl("-z", "Sun, 06 Nov 1994 08:49:37 GMT", "-o", "/dev/null", "-w", "%{http_code}",
        s.http("/style.css"))).isEqualTo("200");
  }

  @Test
  void uploadWithTOverHttpsAndDelete() throws Exception {
    Path file = tmp.resolve("upload.txt");
    Files.writeString(file, "uploaded by curl\n");
    String cacert = s.certificate().toString();
    assertThat(curl("--cacert", cacert, "-T", file.toString(), "-o", "/dev/null", "-w", "%{http_code}",
        s.https("/up/upload.txt"))).isEqualTo("401");
    assertThat(curl("--cacert", cacert, "-u", "alice:wonderland", "-T", file.toString(), "-o",
        "/dev/null", "-w", "%{http_code}", s.https("/up/upload.txt"))).isEqualTo("201");
    assertThat(Files.readString(s.site.resolve("up/upload.txt"))).isEqualTo("uploaded by curl\n");
    assertThat(curl("--cacert", cacert, "-u", "alice:wonderland", "-X", "DELETE", "-o", "/dev/null",
        "-w", "%{http_code}", s.https("/up/upload.txt"))).isEqualTo("204");
    assertThat(Files.exists(s.site.resolve("up/upload.txt"))).isFalse();
  }

  @Test
  void largeUploadWithExpectContinue() throws Exception {
    Path file = tmp.resolve("large.bin");
    byte[] data = new byte[3 * 1024 * 1024];
    new java.util.Random(1).nextBytes(data);
    Files.write(file, data);
    assertThat(curl("--cacert", s.certificate().toString(), "-u", "alice:wonderland", "-H",
        "Expect: 100-continue", "-T", file.toString(), "-o", "/dev/null", "-w", "%{http_code}",
        s.https("/large.bin"))).isEqualTo("201");
    assertThat(Files.readAllBytes(s.site.resolve("large.bin"))).isEqualTo(data);
  }

  @Test
  void cookiesWithBAndCInteroperateWithFetch() throws Exception {
    Path jar = tmp.resolve("cookies.txt");
    curl("-b", jar.toString(), "-c", jar.toString(), s.http("/visits"));
    assertThat(curl("-b", jar.toString(), "-c", jar.toString(), s.http("/visits")))
        .contains("id=\"visits\">2<");
    assertThat(CookieJar.load(jar).all()).extracting(CookieJar.Cookie::name).containsExactly("MSESSIONID");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    Fetch.run(new FetchOptions(s.http("/visits")).cookieFile(jar), new java.io.PrintStream(out),
        System.err);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("id=\"visits\">3<");
    assertThat(curl("-b", jar.toString(), s.http("/visits"))).contains("id=\"visits\">4<");
  }

  @Test
  void multipartFormAndCompression() throws Exception {
    Path file = tmp.resolve("f.txt");
    Files.writeString(file, "12345");
    assertThat(curl("-F", "title=Hi there", "-F", "doc=@" + file, s.http("/form")))
        .isEqualTo("title=Hi there\nfile doc f.txt 5 bytes\n");
    assertThat(curl("--data-urlencode", "q=a&b", s.http("/form"))).isEqualTo("q=a&b\n");
    assertThat(curl("--compressed", "-D", "-", s.http("/index.html"))).contains("Content-Encoding: gzip")
        .contains("<h1>Welcome to gaia.cs.umass.edu</h1>");
  }

  @Test
  void malformedRequestsFromCurlGetProtocolErrors() throws Exception {
    assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Length: 0x10", "-d", "x",
        s.http("/form"))).isEqualTo("400");
    assertThat(curl("-o", "/dev/null", "-w", "%{http_code}", "--path-as-is",
        s.http("/../../../etc/passwd"))).isEqualTo("404");
  }
}
