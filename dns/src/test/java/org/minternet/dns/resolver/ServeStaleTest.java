package org.minternet.dns.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.minternet.dns.server.AuthoritativeServer;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.RrTypes;

/** RFC 8767: expired data is served (TTL 30) only when every authority fails. */
class ServeStaleTest {
  final AtomicLong now = new AtomicLong(5_000_000_000_000L);

  AuthoritativeServer root() throws Exception {
    return AuthoritativeServer.builder().bind(InetAddress.getByName("127.77.1.1")).port(0)
        .zone(TestHierarchy.zone(".", """
            $TTL 86400
            @ SOA a.root. hm.root. 1 3600 900 604800 3600
              NS a.root.
            a.root. A 127.77.1.1
            www.stale.test. 60 A 192.0.2.60
            """)).start();
  }

  RecursiveResolver.Builder resolver(int port) throws Exception {
    return RecursiveResolver.builder().rootServers(List.of(InetAddress.getByName("127.77.1.1")))
        .authorityPort(port).queryTimeout(Duration.ofMillis(100)).prefetch(false)
        .clock(now::get);
  }

  @Test
  void servesExpiredDataWhenTheAuthoritiesAreDown() throws Exception {
    AuthoritativeServer root = root();
    int port = root.port();
    try (RecursiveResolver r = resolver(port).build()) {
      assertThat(r.resolve(Name.of("www.stale.test."), RrTypes.A).records()).hasSize(1);
      root.close();
      now.addAndGet(Duration.ofSeconds(120).toNanos());
      Resolution res = r.resolve(Name.of("www.stale.test."), RrTypes.A);
      assertThat(res.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(res.stale()).isTrue();
      assertThat(res.records()).hasSize(1);
      assertThat(res.records().get(0).ttl()).isEqualTo(30);
      assertThat(r.cache().stats().staleAnswers()).isEqualTo(1);
      // a name never seen fails as before
      assertThat(r.resolve(Name.of("new.stale.test."), RrTypes.A).rcode())
          .isEqualTo(Rcode.SERVFAIL);
    } finally {
      root.close();
    }
  }

  @Test
  void aSlowResolutionIsNotWaitedForWhenExpiredDataCanAnswer() throws Exception {
    AuthoritativeServer root = root();
    int port = root.port();
    java.net.DatagramSocket blackHole = null;
    // each query to the silent root waits 20 s: only the client timeout can answer sooner
    try (RecursiveResolver r = resolver(port).queryTimeout(Duration.ofSeconds(20))
        .staleClientTimeout(Duration.ofMillis(200)).build()) {
      assertThat(r.resolve(Name.of("www.stale.test."), RrTypes.A).records()).hasSize(1);
      root.close();
      blackHole = new java.net.DatagramSocket(new java.net.InetSocketAddress(
          InetAddress.getByName("127.77.1.1"), port)); // receives, never answers
      now.addAndGet(Duration.ofSeconds(120).toNanos());
      Resolution res = r.resolve(Name.of("www.stale.test."), RrTypes.A);
      assertThat(res.stale()).isTrue();
      assertThat(res.records()).hasSize(1);
      assertThat(res.records().get(0).ttl()).isEqualTo(30);
      assertThat(r.cache().stats().staleAnswers()).isEqualTo(1);
      assertThat(r.inFlight()).as("the resolution goes on in the background").isEqualTo(1);
    } finally {
      root.close();
      if (blackHole != null) blackHole.close();
    }
  }

  @Test
  void withoutServeStaleExpiredDataIsNotUsed() throws Exception {
    AuthoritativeServer root = root();
    try (RecursiveResolver r = resolver(root.port()).serveStale(false).build()) {
      assertThat(r.resolve(Name.of("www.stale.test."), RrTypes.A).records()).hasSize(1);
      root.close();
      now.addAndGet(Duration.ofSeconds(120).toNanos());
      assertThat(r.resolve(Name.of("www.stale.test."), RrTypes.A).rcode())
          .isEqualTo(Rcode.SERVFAIL);
    } finally {
      root.close();
    }
  }
}
