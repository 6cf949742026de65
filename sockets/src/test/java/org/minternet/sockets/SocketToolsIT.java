package org.minternet.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.minternet.core.tap.Transcript;
import org.minternet.testing.ExternalTool;

/** The socket programs answer standard tools nobody here wrote: nc and socat. */
class SocketToolsIT {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static String run(String input, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void socatTalksToEveryServer() throws Exception {
    Optional<Path> socat = ExternalTool.forTest("socat");
    assumeTrue(socat.isPresent(), "socat not installed");
    try (TcpUppercaseServer t = TcpUppercaseServer.start(LOOPBACK, 0, "t", 10, Duration.ofSeconds(5), Transcript.NONE);
        SelectorUppercaseServer s = SelectorUppercaseServer.start(LOOPBACK, 0, "s", 10, Duration.ofSeconds(5));
        UdpUppercaseServer u = UdpUppercaseServer.start(LOOPBACK, 0, "u", Transcript.NONE);
        UdpPingServer p = UdpPingServer.start(LOOPBACK, 0, "p", 0, Transcript.NONE)) {
      String sc = socat.get().toString();
      assertThat(run("hello tcp\nsecond line\n", sc, "-t2", "-", "TCP:127.0.0.1:" + t.endpoint().port()))
          .isEqualTo("HELLO TCP\nSECOND LINE\n");
      assertThat(run("hello select\n", sc, "-t2", "-", "TCP:127.0.0.1:" + s.port())).isEqualTo("HELLO SELECT\n");
      assertThat(run("hello udp\n", sc, "-t1", "-", "UDP:127.0.0.1:" + u.endpoint().port())).isEqualTo("HELLO UDP\n");
      assertThat(run("ping 1 0\n", sc, "-t1", "-", "UDP:127.0.0.1:" + p.endpoint().port())).isEqualTo("PING 1 0\n");
    }
  }

  @Test
  void netcatTalksToTheTcpAndUdpServers() throws Exception {
    Optional<Path> nc = ExternalTool.forTest("nc");
    assumeTrue(nc.isPresent(), "nc not installed");
    try (TcpUppercaseServer t = TcpUppercaseServer.start(LOOPBACK, 0, "t", 10, Duration.ofSeconds(5), Transcript.NONE);
        UdpUppercaseServer u = UdpUppercaseServer.start(LOOPBACK, 0, "u", Transcript.NONE)) {
      String n = nc.get().toString();
      assertThat(run("netcat here\n", n, "-q1", "127.0.0.1", Integer.toString(t.endpoint().port())))
          .isEqualTo("NETCAT HERE\n");
      assertThat(run("netcat udp\n", n, "-u", "-w1", "127.0.0.1", Integer.toString(u.endpoint().port())))
          .isEqualTo("NETCAT UDP\n");
    }
  }
}
