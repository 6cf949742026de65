package org.minternet.dns.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ISC dig (bind9-dnsutils) asking our resolver, which resolves through our root, TLD and
 * authoritative servers: cold and cached answers, CNAMEs across zones, NXDOMAIN cached until
 * the SOA minimum runs out, TCP and RD=0.
 */
class ResolverDigIT {
  static TestHierarchy world;
  static RecursiveResolver resolver;
  static ResolverServer server;
  static final AtomicLong now = new AtomicLong(7_000_000_000_000L);

  @BeforeAll
  static void start() throws Exception {
    world = new TestHierarchy();
    resolver = world.resolver().clock(now::get).build();
    server = ResolverServer.builder().resolver(resolver).host("resolver.test")
        .bind(InetAddress.getByName("127.77.0.53")).port(0).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
    if (resolver != null) resolver.close();
    if (world != null) world.close();
  }

  static String dig(String... args) throws Exception {
    String[] all = new String[args.length + 5];
    all[0] = "@127.77.0.53";
    all[1] = "-p";
    all[2] = String.valueOf(server.port());
    all[3] = "+time=3";
    all[4] = "+tries=1";
    System.arraycopy(args, 0, all, 5, args.length);
    return Programs.run("dig", all);
  }

  @Test
  void resolvesColdThenFromTheCache() throws Exception {
    long missesBefore = resolver.cache().stats().misses();
    String cold = dig("www.example.com", "A");
    assertThat(cold).contains("status: NOERROR").containsPattern("flags: qr rd ra;")
        .containsPattern("www\\.example\\.com\\.\\s+300\\s+IN\\s+A\\s+127\\.77\\.10\\.1");
    assertThat(resolver.cache().stats().misses()).isEqualTo(missesBefore + 1);
    long hitsBefore = resolver.cache().stats().hits();
    now.addAndGet(Duration.ofSeconds(10).toNanos());
    String cached = dig("www.example.com", "A");
    assertThat(cached).containsPattern("www\\.example\\.com\\.\\s+290\\s+IN\\s+A\\s+127\\.77\\.10\\.1");
    assertThat(resolver.cache().stats().hits()).isEqualTo(hitsBefore + 1);
  }

  @Test
  void followsCnamesAcrossZones() throws Exception {
    String out = dig("chain1.example.com", "A");
    assertThat(out).contains("status: NOERROR")
        .containsPattern("chain1\\.example\\.com\\.\\s+\\d+\\s+IN\\s+CNAME\\s+chain2\\.example\\.com\\.")
        .containsPattern("alias\\.example\\.com\\.\\s+\\d+\\s+IN\\s+CNAME\\s+www\\.example\\.org\\.")
        .containsPattern("www\\.example\\.org\\.\\s+\\d+\\s+IN\\s+A\\s+127\\.77\\.10\\.2");
  }

  @Test
  void nxdomainIsCachedAndExpires() throws Exception {
    String first = dig("gone.example.com", "A");
    assertThat(first).contains("status: NXDOMAIN")
        .containsPattern("example\\.com\\.\\s+300\\s+IN\\s+SOA");
    long misses = resolver.cache().stats().misses();
    now.addAndGet(Duration.ofSeconds(100).toNanos());
    String cached = dig("gone.example.com", "A");
    assertThat(cached).contains("status: NXDOMAIN")
        .containsPattern("example\\.com\\.\\s+200\\s+IN\\s+SOA");
    assertThat(resolver.cache().stats().misses()).isEqualTo(misses);
    now.addAndGet(Duration.ofSeconds(201).toNanos());
    String expired = dig("gone.example.com", "A");
    assertThat(expired).contains("status: NXDOMAIN")
        .containsPattern("example\\.com\\.\\s+300\\s+IN\\s+SOA");
    assertThat(resolver.cache().stats().misses()).isEqualTo(misses + 1);
  }

  @Test
  void answersOverTcpAndNonRecursiveFromTheCache() throws Exception {
    String tcp = dig("+tcp", "www.other.com", "A");
    assertThat(tcp).contains("status: NOERROR")
        .containsPattern("www\\.other\\.com\\.\\s+\\d+\\s+IN\\s+A\\s+127\\.77\\.10\\.3");
    String norec = dig("+norec", "www.other.com", "A");
    assertThat(norec).contains("status: NOERROR").containsPattern("flags: qr ra;")
        .contains("127.77.10.3");
    String unknown = dig("+norec", "plain.example.com", "A");
    assertThat(unknown).contains("status: NOERROR").contains("ANSWER: 0");
  }

  @Test
  void mxAndTxtThroughTheResolver() throws Exception {
    String mx = dig("example.com", "MX");
    assertThat(mx).containsPattern("example\\.com\\.\\s+\\d+\\s+IN\\s+MX\\s+10 mx1\\.example\\.com\\.");
    String big = dig("big.example.com", "TXT");
    assertThat(big).contains("status: NOERROR").contains("ANSWER: 1");
  }

  @Test
  void cacheInspectedAndFlushedWithChaosQueries() throws Exception {
    dig("www.example.org", "A");
    assertThat(dig("CH", "TXT", "stats.resolver.minternet")).contains("status: NOERROR")
        .containsPattern("\"hits=\\d+ misses=\\d+ entries=\\d+");
    assertThat(dig("+tcp", "CH", "TXT", "example.org.list.resolver.minternet"))
        .contains("127.77.10.2");
    assertThat(dig("CH", "TXT", "www.example.org.flush.resolver.minternet"))
        .contains("flushed 1 entries of www.example.org.");
    assertThat(dig("CH", "TXT", "example.org.list.resolver.minternet")).doesNotContain("127.77.10.2");
    assertThat(dig("CH", "TXT", "org.flush-domain.resolver.minternet")).contains("flushed");
    assertThat(dig("CH", "TXT", "all.flush.resolver.minternet")).contains("flushed the whole cache");
    assertThat(resolver.cache().stats().entries()).isZero();
    assertThat(dig("CH", "TXT", "bogus.resolver.minternet")).contains("status: REFUSED");
  }
}
