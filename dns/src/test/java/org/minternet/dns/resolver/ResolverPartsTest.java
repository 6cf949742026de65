package org.minternet.dns.resolver;

import org.minternet.dns.server.RateLimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.minternet.dns.wire.ARData;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.NsRData;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.SoaRData;

/** Unit tests of the resolver's parts: ACL prefixes, rate limiter, hints, cache rules, checks. */
class ResolverPartsTest {
  static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  static Record a(String name, long ttl, String address) throws Exception {
    return Record.in(Name.of(name), ttl, new ARData((Inet4Address) ip(address)));
  }

  // the resolver's Cidr let BSD short forms ("10.1" = 10.0.0.1) and "+8" through; the builder
  // now parses with core's AddressRange
  @Test
  void allowedNetworksRefuseWhatAnAddressRangeRefuses() {
    assertThatThrownBy(() -> ResolverServer.builder().allow("10.1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> ResolverServer.builder().allow("10.0.0.0/+8"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> ResolverServer.builder().allowOnly(List.of("example.com")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rateLimiterPerPrefixWithSlipAndRefill() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    RateLimiter rl = new RateLimiter(3, 2, now::get);
    List<RateLimiter.Verdict> v = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) v.add(rl.check(ip("192.0.2.1")));
    assertThat(v).containsExactly(RateLimiter.Verdict.SEND, RateLimiter.Verdict.SEND,
        RateLimiter.Verdict.SEND, RateLimiter.Verdict.DROP, RateLimiter.Verdict.SLIP,
        RateLimiter.Verdict.DROP, RateLimiter.Verdict.SLIP);
    // the same /24 shares the budget; another prefix has its own
    assertThat(rl.check(ip("192.0.2.200"))).isNotEqualTo(RateLimiter.Verdict.SEND);
    assertThat(rl.check(ip("192.0.3.1"))).isEqualTo(RateLimiter.Verdict.SEND);
    now.addAndGet(1_000_000_000L); // a second later the bucket is full again
    for (int i = 0; i < 3; i++) assertThat(rl.check(ip("192.0.2.1"))).isEqualTo(RateLimiter.Verdict.SEND);
    RateLimiter off = new RateLimiter(0, 2, now::get);
    for (int i = 0; i < 100; i++) assertThat(off.check(ip("192.0.2.1"))).isEqualTo(RateLimiter.Verdict.SEND);
    RateLimiter noSlip = new RateLimiter(1, 0, now::get);
    noSlip.check(ip("192.0.2.1"));
    for (int i = 0; i < 5; i++) assertThat(noSlip.check(ip("192.0.2.1"))).isEqualTo(RateLimiter.Verdict.DROP);
  }

  @Test
  void rootHintsInNamedRootFormat() throws Exception {
    RootHints h = RootHints.parse("""
        ; formerly NS.INTERNIC.NET
        .                        3600000      NS    A.ROOT-SERVERS.NET.
        A.ROOT-SERVERS.NET.      3600000      A     127.1.0.1
        A.ROOT-SERVERS.NET.      3600000      AAAA  2001:db8::1
        .                        3600000      NS    B.ROOT-SERVERS.NET.
        B.ROOT-SERVERS.NET.      3600000  IN  A     127.1.0.2 ; comment
        """, "named.root");
    assertThat(h.addresses()).containsExactly(ip("127.1.0.1"), ip("2001:db8::1"), ip("127.1.0.2"));
    assertThatThrownBy(() -> RootHints.parse(". NS a.root.\n", "x"))
        .isInstanceOf(IOException.class).hasMessageContaining("no A or AAAA");
    assertThatThrownBy(() -> RootHints.parse("a.root. 1 A 300.1\n", "x"))
        .isInstanceOf(IOException.class).hasMessageContaining("x:1");
  }

  ResolverCache cache(AtomicLong now, long maxBytes) {
    return new ResolverCache(maxBytes, 86400, 3600, 0, now::get);
  }

  @Test
  void glueNeverReplacesAnAuthoritativeAnswerButTheReverseHolds() throws Exception {
    AtomicLong now = new AtomicLong();
    ResolverCache c = cache(now, 1 << 20);
    Name ns = Name.of("ns.example.com.");
    c.putRRset(ns, RrTypes.A, List.of(a("ns.example.com.", 300, "192.0.2.1")), CacheEntry.Trust.ANSWER);
    c.putRRset(ns, RrTypes.A, List.of(a("ns.example.com.", 300, "10.6.6.6")), CacheEntry.Trust.GLUE);
    assertThat(c.fresh(ns, RrTypes.A).records.get(0).data().toText()).isEqualTo("192.0.2.1");
    Name other = Name.of("ns.example.org.");
    c.putRRset(other, RrTypes.A, List.of(a("ns.example.org.", 300, "192.0.2.7")), CacheEntry.Trust.GLUE);
    c.putRRset(other, RrTypes.A, List.of(a("ns.example.org.", 300, "192.0.2.8")), CacheEntry.Trust.ANSWER);
    assertThat(c.fresh(other, RrTypes.A).records.get(0).data().toText()).isEqualTo("192.0.2.8");
    assertThat(c.fresh(other, RrTypes.A).trust).isEqualTo(CacheEntry.Trust.ANSWER);
    // once the better entry expired, weaker data may take its place
    now.addAndGet(Duration.ofSeconds(301).toNanos());
    c.putRRset(ns, RrTypes.A, List.of(a("ns.example.com.", 300, "192.0.2.9")), CacheEntry.Trust.GLUE);
    assertThat(c.fresh(ns, RrTypes.A).records.get(0).data().toText()).isEqualTo("192.0.2.9");
  }

  @Test
  void ttlsAreCappedAndZeroTtlIsNotCached() throws Exception {
    AtomicLong now = new AtomicLong();
    ResolverCache c = new ResolverCache(1 << 20, 600, 60, 0, now::get);
    c.putRRset(Name.of("x.test."), RrTypes.A, List.of(a("x.test.", 999999, "192.0.2.1")), CacheEntry.Trust.ANSWER);
    assertThat(c.fresh(Name.of("x.test."), RrTypes.A).ttlSeconds).isEqualTo(600);
    c.putRRset(Name.of("y.test."), RrTypes.A, List.of(a("y.test.", 0, "192.0.2.1")), CacheEntry.Trust.ANSWER);
    assertThat(c.get(Name.of("y.test."), RrTypes.A)).isNull();
    Record soa = Record.in(Name.of("test."), 3600, new SoaRData(Name.of("ns.test."),
        Name.of("hm.test."), 1, 1, 1, 1, 3600));
    c.putNegative(Name.of("z.test."), RrTypes.A, Rcode.NXDOMAIN, soa, 3600);
    CacheEntry nx = c.fresh(Name.of("z.test."), ResolverCache.NXDOMAIN_KEY);
    assertThat(nx.ttlSeconds).isEqualTo(60);
    // an authoritative positive answer for the name removes the NXDOMAIN
    c.putRRset(Name.of("z.test."), RrTypes.A, List.of(a("z.test.", 60, "192.0.2.2")), CacheEntry.Trust.ANSWER);
    assertThat(c.get(Name.of("z.test."), ResolverCache.NXDOMAIN_KEY)).isNull();
  }

  @Test
  void memoryBoundEvicts() throws Exception {
    AtomicLong now = new AtomicLong();
    ResolverCache c = cache(now, 20_000);
    for (int i = 0; i < 1000; i++) {
      String n = "host" + i + ".example.com.";
      c.putRRset(Name.of(n), RrTypes.A, List.of(a(n, 300, "192.0.2.1")), CacheEntry.Trust.ANSWER);
    }
    CacheStats s = c.stats();
    assertThat(s.entries()).isLessThan(1000);
    assertThat(s.bytes()).isLessThanOrEqualTo(20_000);
    assertThat(s.evictions()).isPositive();
  }

  static Message referralFrom(String owner, boolean aa) {
    Header h = new Header(1, true, 0, aa, false, false, false, false, false, Rcode.NOERROR);
    return new Message(h, List.of(Question.in(Name.of("www.example.com."), RrTypes.A)), List.of(),
        List.of(Record.in(Name.of(owner), 3600, new NsRData(Name.of("ns.elsewhere.")))), List.of(), null);
  }

  @Test
  void referralsMustPointDownwardsAndAboveTheName() {
    Name qn = Name.of("www.example.com.");
    assertThat(Iteration.referral(referralFrom("example.com.", false), Name.of("com."), qn))
        .isEqualTo(Name.of("example.com."));
    assertThat(Iteration.referral(referralFrom("com.", false), Name.ROOT, qn)).isEqualTo(Name.of("com."));
    // upward, sideways, same zone, authoritative: not a referral
    assertThat(Iteration.referral(referralFrom("com.", false), Name.of("example.com."), qn)).isNull();
    assertThat(Iteration.referral(referralFrom("example.org.", false), Name.of("org."), qn)).isNull();
    assertThat(Iteration.referral(referralFrom("example.org.", false), Name.ROOT, qn)).isNull();
    assertThat(Iteration.referral(referralFrom("com.", false), Name.of("com."), qn)).isNull();
    assertThat(Iteration.referral(referralFrom("example.com.", true), Name.of("com."), qn)).isNull();
  }

  @Test
  void responsesMustMatchTheQuestion() {
    Message q = Message.query(7, Question.in(Name.of("www.example.com."), RrTypes.A), false);
    Header r = q.header().response(Rcode.NOERROR);
    Message same = new Message(r, List.of(Question.in(Name.of("WWW.Example.COM."), RrTypes.A)),
        List.of(), List.of(), List.of(), null);
    assertThat(Upstream.matches(q, same)).isTrue();
    Message otherType = new Message(r, List.of(Question.in(Name.of("www.example.com."), RrTypes.MX)),
        List.of(), List.of(), List.of(), null);
    assertThat(Upstream.matches(q, otherType)).isFalse();
    Message none = new Message(r, List.of(), List.of(), List.of(), List.of(), null);
    assertThat(Upstream.matches(q, none)).isFalse();
  }

  @Test
  void malformedResponseFromTheServerIsAnError() throws Exception {
    try (DatagramSocket fake = new DatagramSocket(new InetSocketAddress("127.77.3.1", 0))) {
      Thread t = Thread.ofVirtual().start(() -> {
        try {
          byte[] buf = new byte[512];
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          fake.receive(p);
          // right ID and QR, but the counts promise an answer that is not there
          byte[] bad = HexFormat.of().parseHex("0000818000010001000000000000010001");
          bad[0] = buf[0];
          bad[1] = buf[1];
          fake.send(new DatagramPacket(bad, bad.length, p.getSocketAddress()));
        } catch (IOException e) {
          // test ends
        }
      });
      Upstream u = new Upstream();
      assertThatThrownBy(() -> u.query(new InetSocketAddress("127.77.3.1", fake.getLocalPort()),
          Question.in(Name.ROOT, RrTypes.NS), true, Duration.ofSeconds(5)))
          .isInstanceOf(IOException.class).hasMessageContaining("malformed");
      t.join();
    }
  }

  @Test
  void randomIdsAndSourcePortsVary() throws Exception {
    Upstream u = new Upstream();
    java.util.Set<Integer> ids = new java.util.HashSet<>();
    for (int i = 0; i < 50; i++) ids.add(u.randomId());
    assertThat(ids.size()).isGreaterThan(40);
    java.util.Set<Integer> ports = new java.util.HashSet<>();
    try (DatagramSocket fake = new DatagramSocket(new InetSocketAddress("127.77.3.2", 0))) {
      fake.setSoTimeout(2000);
      Thread t = Thread.ofVirtual().start(() -> {
        byte[] buf = new byte[512];
        for (int i = 0; i < 5; i++) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          try {
            fake.receive(p);
          } catch (IOException e) {
            return;
          }
          ports.add(p.getPort());
        }
      });
      for (int i = 0; i < 5; i++) {
        try {
          u.query(new InetSocketAddress("127.77.3.2", fake.getLocalPort()),
              Question.in(Name.ROOT, RrTypes.NS), true, Duration.ofMillis(50));
        } catch (IOException expected) {
          // no answer: we only look at the source ports
        }
      }
      t.join();
    }
    assertThat(ports).hasSize(5).allMatch(p -> p >= Upstream.MIN_SOURCE_PORT);
  }
}
