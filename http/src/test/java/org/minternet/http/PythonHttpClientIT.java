package org.minternet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.testing.ExternalTool;

/** Python's http.client (Debian package python3) against the origin server. */
class PythonHttpClientIT {
  @TempDir Path tmp;

  private static final String SCRIPT = """
      import http.client, sys
      port = int(sys.argv[1])
      c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
      c.request("GET", "/", headers={"Host": "gaia.cs.umass.edu"})
      r = c.getresponse(); body = r.read()
      print("get", r.status, len(body), r.getheader("Content-Type"))
      c.request("HEAD", "/style.css")
      r = c.getresponse(); r.read()
      print("head", r.status, r.getheader("Content-Length"))
      c.request("POST", "/form", body=iter([b"a=1&", b"b=2"]), encode_chunked=True,
                headers={"Content-Type": "application/x-www-form-urlencoded"})
      r = c.getresponse()
      print("chunked", r.status, r.read().decode().replace("\\n", ";"))
      c.request("GET", "/big.bin", headers={"Range": "bytes=10-19"})
      r = c.getresponse()
      print("range", r.status, len(r.read()), r.getheader("Content-Range"))
      print("same-socket", c.sock is not None)
      c.close()
      """;

  @Test
  void httpClientModule() throws Exception {
    Optional<Path> python = ExternalTool.forTest("python3");
    assumeTrue(python.isPresent(), "python3 not installed");
    Path script = tmp.resolve("client.py");
    Files.writeString(script, SCRIPT);
    try (InteropServer s = new InteropServer(tmp)) {
      Process p = new ProcessBuilder(python.get().toString(), script.toString(),
          Integer.toString(s.server.port())).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      long indexSize = Files.size(s.site.resolve("index.html"));
      assertThat(out).isEqualTo("get 200 " + indexSize + " text/html; charset=utf-8\n"
          + "head 200 " + Files.size(s.site.resolve("style.css")) + "\n"
          + "chunked 200 a=1;b=2;\n"
          + "range 206 10 bytes 10-19/1048576\n"
          + "same-socket True\n");
      assertThat(s.server.connectionsAccepted()).isEqualTo(1);
    }
  }
}
