package org.minternet.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minternet.core.tap.Transcript;

class UdpPingTest {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void allPingsAnsweredWithoutLoss() throws Exception {
    try (UdpPingServer s = UdpPingServer.start(LOOPBACK, 0, "test", 0, Transcript.NONE)) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      PingStatistics st = UdpPingClient.ping(new InetSocketAddress(LOOPBACK, s.endpoint().port()), 5,
          Duration.ZERO, Duration.ofSeconds(2), new PrintStream(buf, true, StandardCharsets.UTF_8));
      assertThat(st.received()).isEqualTo(5);
      String out = buf.toString(StandardCharsets.UTF_8);
      assertThat(out).contains("seq=5 time=", "5 packets transmitted, 5 received, 0% packet loss",
          "rtt min/avg/max/mdev = ");
    }
  }

  @Test
  void totalLossIsReported() throws Exception {
    try (UdpPingServer s = UdpPingServer.start(LOOPBACK, 0, "test", 1.0, Transcript.NONE)) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      PingStatistics st = UdpPingClient.ping(new InetSocketAddress(LOOPBACK, s.endpoint().port()), 3,
          Duration.ZERO, Duration.ofMillis(100), new PrintStream(buf, true, StandardCharsets.UTF_8));
      assertThat(st.received()).isZero();
      assertThat(s.dropped()).isEqualTo(3);
      assertThat(buf.toString(StandardCharsets.UTF_8))
          .contains("request timed out: seq=3", "3 packets transmitted, 0 received, 100% packet loss");
    }
  }

  @Test
  void statisticsAreComputedLikePing() {
    PingStatistics st = new PingStatistics(4, List.of(1.0, 2.0, 3.0));
    assertThat(st.lossPercent()).isEqualTo(25.0);
    assertThat(st.min()).isEqualTo(1.0);
    assertThat(st.max()).isEqualTo(3.0);
    assertThat(st.avg()).isEqualTo(2.0);
    assertThat(st.mdev()).isCloseTo(Math.sqrt(2.0 / 3), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(st.summary()).startsWith("4 packets transmitted, 3 received, 25% packet loss");
  }
}
