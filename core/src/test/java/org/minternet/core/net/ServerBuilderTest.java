package org.minternet.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerBuilderTest {
  enum EchoService { PLAIN, SECURE }

  /** The smallest protocol builder: only the shared settings. */
  static final class EchoBuilder extends ServerBuilder<EchoBuilder, EchoService> {
    EchoBuilder() {
      super(EchoService.class, 7, Duration.ofSeconds(42));
    }

    @Override
    protected EchoBuilder self() {
      return this;
    }
  }

  @Test
  void defaultsComeFromTheProtocol() {
    EchoBuilder b = new EchoBuilder();
    assertThat(b.maxConnections()).isEqualTo(7);
    assertThat(b.idleTimeout()).isEqualTo(Duration.ofSeconds(42));
    assertThat(b.bindAddress()).isEqualTo(InetAddress.getLoopbackAddress());
    assertThat(b.ports()).isEmpty();
  }

  @Test
  void portsPerServiceInEnumOrderAndMinusOneRemoves() {
    EchoBuilder b = new EchoBuilder().port(EchoService.SECURE, 993).port(EchoService.PLAIN, 143);
    assertThat(b.ports()).containsExactly(Map.entry(EchoService.PLAIN, 143), Map.entry(EchoService.SECURE, 993));
    b.port(EchoService.SECURE, -1);
    assertThat(b.ports()).containsOnlyKeys(EchoService.PLAIN);
    assertThatThrownBy(() -> b.port(EchoService.PLAIN, 65536)).hasMessageContaining("65536");
    assertThatThrownBy(() -> b.port(EchoService.PLAIN, -2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.maxConnections(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.listener(EchoService.SECURE)).hasMessageContaining("SECURE");
    assertThatThrownBy(() -> b.ports().put(EchoService.SECURE, 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theListenerCarriesTheSettings() throws Exception {
    EchoBuilder b = new EchoBuilder().port(EchoService.PLAIN, 0).maxConnections(1);
    try (TcpListener l = b.listener(EchoService.PLAIN).handler(c -> {
      c.writeLine("hello");
      c.flush();
      c.readLine();
    }).rejecter(c -> {
      c.writeLine("busy");
      c.flush();
    }).start(); Socket first = new Socket(InetAddress.getLoopbackAddress(), l.port());
        Socket second = new Socket(InetAddress.getLoopbackAddress(), l.port())) {
      assertThat(read(first)).isEqualTo("hello");
      assertThat(read(second)).isEqualTo("busy"); // maxConnections(1) reached the listener
    }
  }

  private static String read(Socket s) throws Exception {
    s.setSoTimeout(10_000);
    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
  }
}
