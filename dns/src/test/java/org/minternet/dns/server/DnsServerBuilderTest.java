package org.minternet.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minternet.dns.resolver.ResolverServer;

class DnsServerBuilderTest {
  @Test
  void udpAndTcpShareOnePortFreeByDefault() {
    assertThat(AuthoritativeServer.builder().ports()).isEqualTo(Map.of(DnsService.DNS, 0));
    assertThat(ResolverServer.builder().port(5353).ports()).isEqualTo(Map.of(DnsService.DNS, 5353));
    assertThatThrownBy(() -> AuthoritativeServer.builder().port(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTcpIdleTimeIsTheListenersIdleTimeout() {
    AuthoritativeServer.Builder b = AuthoritativeServer.builder().tcpIdleTimeout(Duration.ofSeconds(7));
    assertThat(b.idleTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(b.tcpLimits().idle()).isEqualTo(Duration.ofSeconds(7));
    b.tcpLimits(TcpDnsHandler.Limits.DEFAULT);
    assertThat(b.idleTimeout()).isEqualTo(TcpDnsHandler.Limits.DEFAULT.idle());
    b.idleTimeout(Duration.ofSeconds(3));
    assertThat(b.tcpLimits().idle()).isEqualTo(Duration.ofSeconds(3));
    assertThat(ResolverServer.builder().tcpLimits()).isEqualTo(ResolverServer.TCP_LIMITS);
    assertThat(ResolverServer.builder().maxTcpConnections(9).maxConnections()).isEqualTo(9);
  }
}
