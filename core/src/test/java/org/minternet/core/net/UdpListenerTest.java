package org.minternet.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UdpListenerTest {
  private static String exchange(UdpListener l, String text) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(2000);
      byte[] b = text.getBytes(StandardCharsets.US_ASCII);
      s.send(new DatagramPacket(b, b.length, new InetSocketAddress(l.address(), l.port())));
      DatagramPacket p = new DatagramPacket(new byte[1000], 1000);
      s.receive(p);
      return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void answersDatagramsAndSurvivesAFailingHandler() throws Exception {
    for (boolean inline : new boolean[] {false, true}) {
      try (UdpListener l = UdpListener.builder().port(0).inline(inline).handler((data, len, from) -> {
        String s = new String(data, 0, len, StandardCharsets.US_ASCII);
        if (s.equals("boom")) throw new IllegalStateException("handler bug");
        if (s.equals("drop")) return null;
        return ("re:" + s).getBytes(StandardCharsets.US_ASCII);
      }).start()) {
        assertThat(l.port()).isPositive();
        assertThat(exchange(l, "a")).isEqualTo("re:a");
        try (DatagramSocket s = new DatagramSocket()) {
          for (String bad : new String[] {"boom", "drop"}) {
            byte[] b = bad.getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(b, b.length, new InetSocketAddress(l.address(), l.port())));
          }
        }
        assertThat(exchange(l, "b")).isEqualTo("re:b");
      }
    }
  }
}
