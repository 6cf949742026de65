package org.minternet.dns.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.minternet.core.naming.MailExchanger;
import org.minternet.dns.wire.ARData;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.TxtRData;

class RecursiveResolverTest {
  static TestHierarchy world;
  final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  @BeforeAll
  static void startWorld() throws Exception {
    world = new TestHierarchy();
  }

  @AfterAll
  static void stopWorld() {
    world.close();
  }

  RecursiveResolver resolver() throws Exception {
    return world.resolver().clock(now::get).build();
  }

  static List<String> addresses(Resolution r) {
    return r.records().stream().map(x -> ((ARData) x.data()).address().getHostAddress()).toList();
  }

  static long queries(Resolution r) {
    return r.trace().stream().filter(s -> s.server() != null).count();
  }

  void advanceSeconds(long s) {
    now.addAndGet(s * 1_000_000_000L);
  }

  @Test
  void followsReferralsFromTheRootWithGlue() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("www.example.com."), RrTypes.A, true);
      assertThat(res.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(addresses(res)).containsExactly("127.77.10.1");
      List<TraceStep> asked = res.trace().stream().filter(s -> s.server() != null).toList();
      assertThat(asked).extracting(s -> s.server().getAddress().getHostAddress())
          .containsExactly(TestHierarchy.ROOT, TestHierarchy.TLD, TestHierarchy.EXAMPLE_COM);
      assertThat(asked.get(0).outcome()).startsWith("referral to com.");
      assertThat(asked.get(1).outcome()).startsWith("referral to example.com.");
    }
  }

  @Test
  void qnameMinimisationRevealsOneLabelPerZone() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("www.example.com."), RrTypes.A, true);
      List<TraceStep> asked = res.trace().stream().filter(s -> s.server() != null).toList();
      assertThat(asked.get(0).qname()).isEqualTo(Name.of("com."));
      assertThat(asked.get(0).qtype()).isEqualTo(RrTypes.A);
      assertThat(asked.get(1).qname()).isEqualTo(Name.of("example.com."));
      assertThat(asked.get(2).qname()).isEqualTo(Name.of("www.example.com."));
    }
  }

  @Test
  void minimisationWalksEmptyNonTerminalsInsideAZone() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("a.b.c.d.deep.example.com."), RrTypes.A, true);
      assertThat(addresses(res)).containsExactly("127.77.10.4");
      List<Name> askedOfExample = res.trace().stream()
          .filter(s -> s.server() != null && s.zone().equals(Name.of("example.com.")))
          .map(TraceStep::qname).toList();
      assertThat(askedOfExample).containsExactly(Name.of("deep.example.com."),
          Name.of("d.deep.example.com."), Name.of("c.d.deep.example.com."),
          Name.of("b.c.d.deep.example.com."), Name.of("a.b.c.d.deep.example.com."));
    }
  }

  @Test
  void withoutMinimisationTheRootSeesTheFullName() throws Exception {
    try (RecursiveResolver r = world.resolver().qnameMinimisation(false).build()) {
      Resolution res = r.resolve(Name.of("www.example.com."), RrTypes.A, true);
      assertThat(addresses(res)).containsExactly("127.77.10.1");
      assertThat(res.trace().get(0).qname()).isEqualTo(Name.of("www.example.com."));
    }
  }

  @Test
  void secondResolutionComesFromTheCacheWithTtlCountingDown() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution first = r.resolve(Name.of("www.example.com."), RrTypes.A, true);
      assertThat(first.records().get(0).ttl()).isEqualTo(300);
      advanceSeconds(100);
      Resolution second = r.resolve(Name.of("www.example.com."), RrTypes.A, true);
      assertThat(queries(second)).isZero();
      assertThat(second.records().get(0).ttl()).isEqualTo(200);
      advanceSeconds(201);
      Resolution third = r.resolve(Name.of("www.example.com."), RrTypes.A, true);
      // expired: asked again, but straight from the cached delegation of example.com
      assertThat(queries(third)).isEqualTo(1);
      assertThat(third.records().get(0).ttl()).isEqualTo(300);
      CacheStats stats = r.cache().stats();
      assertThat(stats.hits()).isEqualTo(1);
      assertThat(stats.misses()).isEqualTo(2);
    }
  }

  @Test
  void followsCnameChainsAcrossZones() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("chain1.example.com."), RrTypes.A, true);
      assertThat(res.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(res.answers()).extracting(Record::type)
          .containsExactly(RrTypes.CNAME, RrTypes.CNAME, RrTypes.CNAME, RrTypes.A);
      assertThat(addresses(res)).containsExactly("127.77.10.2");
      assertThat(r.canonicalName("alias.example.com")).isEqualTo("www.example.org");
      // and again, entirely from the cache
      Resolution again = r.resolve(Name.of("chain1.example.com."), RrTypes.A, true);
      assertThat(queries(again)).isZero();
      assertThat(again.answers()).hasSize(4);
    }
  }

  @Test
  void resolvesNameServersThatHaveNoGlue() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("www.other.com."), RrTypes.A, true);
      assertThat(addresses(res)).containsExactly("127.77.10.3");
      assertThat(res.trace()).anyMatch(s -> s.depth() == 1
          && s.qname().equals(Name.of("ns.hosting.net.")));
    }
  }

  @Test
  void nxdomainIsCachedForTheSoaMinimumAndExpires() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("nothing.example.com."), RrTypes.A, true);
      assertThat(res.rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(res.authority()).hasSize(1);
      assertThat(res.authority().get(0).type()).isEqualTo(RrTypes.SOA);
      assertThat(res.authority().get(0).ttl()).isEqualTo(300);
      // NXDOMAIN covers every type of the name
      Resolution mx = r.resolve(Name.of("nothing.example.com."), RrTypes.MX, true);
      assertThat(mx.rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(queries(mx)).isZero();
      advanceSeconds(299);
      assertThat(queries(r.resolve(Name.of("nothing.example.com."), RrTypes.A, true))).isZero();
      advanceSeconds(2);
      Resolution later = r.resolve(Name.of("nothing.example.com."), RrTypes.A, true);
      assertThat(later.rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(queries(later)).isEqualTo(1);
    }
  }

  @Test
  void nxdomainBelowAMissingNameStopsEarly() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("x.y.nothing.example.com."), RrTypes.A, true);
      assertThat(res.rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(res.trace().stream().filter(s -> s.server() != null).map(TraceStep::qname))
          .contains(Name.of("nothing.example.com."))
          .doesNotContain(Name.of("x.y.nothing.example.com."));
    }
  }

  @Test
  void nodataIsCachedPerType() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("www.example.com."), RrTypes.AAAA, true);
      assertThat(res.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(res.answers()).isEmpty();
      assertThat(res.authority()).extracting(Record::type).containsExactly(RrTypes.SOA);
      assertThat(queries(r.resolve(Name.of("www.example.com."), RrTypes.AAAA, true))).isZero();
      // other types of the name are unaffected
      assertThat(addresses(r.resolve(Name.of("www.example.com."), RrTypes.A))).hasSize(1);
    }
  }

  @Test
  void retriesOverTcpWhenTheAnswerIsTruncated() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("big.example.com."), RrTypes.TXT, true);
      assertThat(res.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(((TxtRData) res.records().get(0).data()).strings()).hasSize(6);
      assertThat(res.trace().get(res.trace().size() - 1).transport()).isEqualTo("tcp");
    }
  }

  @Test
  void triesTheOtherServerAndPrefersTheOneThatAnswers() throws Exception {
    try (RecursiveResolver r = resolver()) {
      for (int i = 0; i < 4; i++) {
        r.cache().flushAll();
        assertThat(addresses(r.resolve(Name.of("www.example.org."), RrTypes.A)))
            .containsExactly("127.77.10.2");
      }
      long live = r.selection.srttMicros(InetAddress.getByName(TestHierarchy.EXAMPLE_ORG));
      long dead = r.selection.srttMicros(InetAddress.getByName(TestHierarchy.DEAD));
      assertThat(live).isNotNegative();
      if (dead >= 0) assertThat(dead).isGreaterThan(live);
    }
  }

  @Test
  void mailExchangersWithFallbackAndNullMx() throws Exception {
    try (RecursiveResolver r = resolver()) {
      assertThat(r.mailExchangers("example.com")).containsExactly(
          new MailExchanger(10, "mx1.example.com"), new MailExchanger(20, "mx2.example.com"));
      assertThat(r.mailExchangers("nomail.example.com")).isEmpty();
      assertThat(r.mailExchangers("plain.example.com"))
          .containsExactly(new MailExchanger(0, "plain.example.com"));
      assertThatThrownBy(() -> r.mailExchangers("nothing.example.com"))
          .isInstanceOf(UnknownHostException.class);
      assertThat(r.txt("example.com")).containsExactly("v=spf1 -all");
      assertThat(r.addresses("www.example.org"))
          .containsExactly(InetAddress.getByName("127.77.10.2"));
      assertThat(r.addresses("192.0.2.7")).containsExactly(InetAddress.getByName("192.0.2.7"));
      assertThatThrownBy(() -> r.addresses("nothing.example.com"))
          .isInstanceOf(UnknownHostException.class);
    }
  }

  @Test
  void cnameLoopsAndDelegationLoopsFailWithinTheWorkLimit() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution loop = r.resolve(Name.of("loop1.example.com."), RrTypes.A, true);
      assertThat(loop.rcode()).isEqualTo(Rcode.SERVFAIL);
      Resolution deleg = r.resolve(Name.of("www.loopa.com."), RrTypes.A, true);
      assertThat(deleg.rcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(queries(deleg)).isLessThanOrEqualTo(64);
    }
  }

  @Test
  void workPerQuestionIsBounded() throws Exception {
    try (RecursiveResolver r = world.resolver().maxQueriesPerQuestion(2).build()) {
      Resolution res = r.resolve(Name.of("www.example.com."), RrTypes.A, true);
      assertThat(res.rcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(queries(res)).isEqualTo(2);
    }
  }

  @Test
  void cnameChainLongerThanTheLimitFails() throws Exception {
    try (RecursiveResolver r = world.resolver().maxCnameChain(2).build()) {
      assertThat(r.resolve(Name.of("chain1.example.com."), RrTypes.A).rcode())
          .isEqualTo(Rcode.SERVFAIL);
      assertThat(r.resolve(Name.of("alias.example.com."), RrTypes.A).rcode())
          .isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void flushesOneNameOrAWholeDomain() throws Exception {
    try (RecursiveResolver r = resolver()) {
      r.resolve(Name.of("www.example.com."), RrTypes.A);
      r.resolve(Name.of("www.example.org."), RrTypes.A);
      assertThat(r.cache().list(Name.of("example.com."))).anyMatch(l -> l.contains("127.77.10.1"));
      assertThat(r.cache().flushName(Name.of("www.example.com."))).isEqualTo(1);
      assertThat(r.cache().list(Name.of("example.com."))).noneMatch(l -> l.contains("127.77.10.1"));
      assertThat(r.cache().list(Name.of("example.org."))).anyMatch(l -> l.contains("127.77.10.2"));
      assertThat(r.cache().flushDomain(Name.of("org."))).isGreaterThanOrEqualTo(2);
      assertThat(r.cache().list(Name.of("org."))).isEmpty();
      assertThat(r.cache().stats().entries()).isPositive();
      r.cache().flushAll();
      assertThat(r.cache().stats().entries()).isZero();
    }
  }

  @Test
  void ttlsAreCappedAtTheMaximum() throws Exception {
    try (RecursiveResolver r = world.resolver().maxTtl(java.time.Duration.ofSeconds(60)).build()) {
      Resolution res = r.resolve(Name.of("mx1.example.com."), RrTypes.A);
      assertThat(res.records().get(0).ttl()).isEqualTo(60);
    }
  }

  @Test
  void prefetchesAPopularNameBeforeItExpires() throws Exception {
    try (RecursiveResolver r = world.resolver().clock(now::get).prefetch(true).build()) {
      r.resolve(Name.of("short.example.com."), RrTypes.A);
      advanceSeconds(19); // TTL 20: less than a tenth left
      Resolution hit = r.resolve(Name.of("short.example.com."), RrTypes.A);
      assertThat(hit.records().get(0).ttl()).isEqualTo(1);
      assertThat(r.cache().stats().prefetches()).isEqualTo(1);
      long ttl = 0;
      for (int i = 0; i < 200 && ttl != 20; i++) {
        Thread.sleep(10);
        ttl = r.fromCache(Name.of("short.example.com."), RrTypes.A).records().get(0).ttl();
      }
      assertThat(ttl).isEqualTo(20);
    }
  }

  @Test
  void tracedResolutionAsTextShowsTheStepsAndTheAnswer() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("alias.example.com."), RrTypes.A, true);
      assertThat(res.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(res.toText()).contains("referral to com.").contains("referral to org.")
          .contains(";; status: NOERROR")
          .containsPattern("alias\\.example\\.com\\.\\s+3600\\s+IN\\s+CNAME\\s+www\\.example\\.org\\.")
          .containsPattern("www\\.example\\.org\\.\\s+3600\\s+IN\\s+A\\s+127\\.77\\.10\\.2");
    }
    try (RecursiveResolver r = resolver()) {
      r.resolve(Name.of("www.example.com."), RrTypes.A);
      ResolverCache c = r.cache();
      assertThat(c.list(Name.of("example.com."))).anyMatch(l -> l.contains("127.77.10.1"));
      assertThat(c.stats().toString()).contains("misses=1");
      assertThat(c.flushDomain(Name.of("example.com."))).isPositive();
      assertThat(r.fromCache(Name.of("www.example.com."), RrTypes.A)).isNull();
    }
  }
}
