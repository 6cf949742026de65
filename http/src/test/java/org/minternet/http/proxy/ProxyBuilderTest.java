package org.minternet.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The proxy's builder takes the settings every server has from core's ServerBuilder. */
class ProxyBuilderTest {
  @Test
  void theSharedSettingsReachTheProxysConfig() throws Exception {
    InetAddress a = InetAddress.getByName("127.0.0.7");
    ProxyConfig c = CachingProxy.builder().bind(a).port(0).maxConnections(5)
        .idleTimeout(Duration.ofSeconds(7)).config();
    assertThat(c.bind()).isEqualTo(a);
    assertThat(c.port()).isZero();
    assertThat(c.maxConnections()).isEqualTo(5);
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void theDefaultPortIs3128AndThePortIsCheckedAsEveryServersIs() {
    assertThat(CachingProxy.builder().config().port()).isEqualTo(CachingProxy.DEFAULT_PORT);
    assertThatThrownBy(() -> CachingProxy.builder().port(65536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachingProxy.builder().maxConnections(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CachingProxy.builder().port(-1).config())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a port");
  }
}
