package org.minternet.dns.client;

import org.minternet.dns.server.Hierarchy;
import org.minternet.dns.server.Tools;
import org.minternet.dns.server.AuthoritativeServer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.minternet.dns.wire.Name;
import org.minternet.dns.zone.Zone;

/** ISC dig (bind9-dnsutils) and Knot's kdig (knot-dnsutils) against our servers. */
class DigInteropIT {
  static Hierarchy world;
  static AuthoritativeServer big;

  @BeforeAll
  static void start() throws Exception {
    world = new Hierarchy();
    Zone.Builder b = Zone.builder(Name.of("big.test."))
        .add("@", 60, "SOA", "ns hm 1 60 60 600 60").add("@", 60, "NS", "ns").add("ns", 60, "A", "127.0.0.1");
    for (int i = 0; i < 50; i++) b.add("many", 60, "TXT", "\"" + "t".repeat(40) + i + "\"");
    big = AuthoritativeServer.builder().bind(InetAddress.getByName("127.3.0.9")).port(world.port)
        .zone(b.build()).start();
  }

  @AfterAll
  static void stop() {
    big.close();
    world.close();
  }

  private static String dig(String server, String... args) throws Exception {
    String[] all = new String[args.length + 5];
    all[0] = "@" + server;
    all[1] = "-p";
    all[2] = String.valueOf(world.port);
    all[3] = "+time=2";
    all[4] = "+tries=1";
    System.arraycopy(args, 0, all, 5, args.length);
    return Tools.run("dig", all);
  }

  @Test
  void digGetsAnAuthoritativeAnswer() throws Exception {
    String out = dig(Hierarchy.AUTH_ADDR, "www.someschool.edu", "A", "+norec");
    assertThat(out).contains("status: NOERROR").containsPattern("flags: qr aa;")
        .containsPattern("www\\.someschool\\.edu\\.\\s+3600\\s+IN\\s+A\\s+127\\.4\\.0\\.1");
  }

  @Test
  void digGetsAReferralWithGlueFromTheRoot() throws Exception {
    String out = dig(Hierarchy.ROOT_ADDR, "www.someschool.edu", "+norec");
    assertThat(out).contains("status: NOERROR").containsPattern("flags: qr;")
        .contains("ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 2")
        .containsPattern("edu\\.\\s+172800\\s+IN\\s+NS\\s+a\\.edu-servers\\.net\\.")
        .containsPattern("a\\.edu-servers\\.net\\.\\s+172800\\s+IN\\s+A\\s+127\\.2\\.0\\.1");
  }

  @Test
  void digFollowsTheReferralsByHandToTheAnswer() throws Exception {
    // the textbook's iterated query: each step asks the server named by the previous referral
    String server = Hierarchy.ROOT_ADDR;
    for (int step = 0; step < 5; step++) {
      String out = dig(server, "www.someschool.edu", "A", "+norec");
      java.util.regex.Matcher answer = java.util.regex.Pattern
          .compile("www\\.someschool\\.edu\\.\\s+3600\\s+IN\\s+A\\s+(\\S+)").matcher(out);
      if (answer.find()) {
        assertThat(answer.group(1)).isEqualTo("127.4.0.1");
        assertThat(step).isEqualTo(2); // root, edu, someschool.edu
        return;
      }
      java.util.regex.Matcher glue = java.util.regex.Pattern
          .compile("(?m)^\\S+\\s+\\d+\\s+IN\\s+A\\s+(\\S+)$").matcher(
              out.substring(out.indexOf(";; ADDITIONAL SECTION:")));
      assertThat(glue.find()).as(out).isTrue();
      server = glue.group(1);
    }
    throw new AssertionError("no answer after 5 referrals");
  }

  @Test
  void digGetsNegativeAnswersWithTheSoa() throws Exception {
    String nx = dig(Hierarchy.AUTH_ADDR, "nope.someschool.edu", "A", "+norec");
    assertThat(nx).contains("status: NXDOMAIN").containsPattern("someschool\\.edu\\.\\s+300\\s+IN\\s+SOA");
    String nodata = dig(Hierarchy.AUTH_ADDR, "www.someschool.edu", "AAAA", "+norec");
    assertThat(nodata).contains("status: NOERROR").contains("ANSWER: 0, AUTHORITY: 1");
    String refused = dig(Hierarchy.AUTH_ADDR, "www.example.org", "A", "+norec");
    assertThat(refused).contains("status: REFUSED");
  }

  @Test
  void digSeesTruncationAndFallsBackToTcp() throws Exception {
    String truncated = dig("127.3.0.9", "many.big.test", "TXT", "+ignore", "+bufsize=512");
    assertThat(truncated).containsPattern("flags: qr aa tc");
    String fallback = dig("127.3.0.9", "many.big.test", "TXT", "+bufsize=512");
    assertThat(fallback).contains("Truncated, retrying in TCP mode").contains("ANSWER: 50,");
    String noEdns = dig("127.3.0.9", "many.big.test", "TXT", "+noedns", "+ignore");
    assertThat(noEdns).containsPattern("flags: qr aa tc").containsPattern("MSG SIZE\\s+rcvd: (\\d{1,3})\\b");
    String tcp = dig("127.3.0.9", "many.big.test", "TXT", "+tcp");
    assertThat(tcp).contains("ANSWER: 50,").contains("(TCP)");
  }

  @Test
  void digTransfersAZone() throws Exception {
    String out = dig(Hierarchy.AUTH_ADDR, "someschool.edu", "AXFR");
    assertThat(out.lines().filter(l -> l.matches("someschool\\.edu\\.\\s+3600\\s+IN\\s+SOA.*")).count()).isEqualTo(2);
    assertThat(out).containsPattern("mail\\.someschool\\.edu\\.\\s+3600\\s+IN\\s+A\\s+127\\.5\\.0\\.1")
        .contains("XFR size: 8 records");
  }

  @Test
  void digGetsIncrementalTransfersAsWholeZonesOrNothingNew() throws Exception {
    String old = dig(Hierarchy.AUTH_ADDR, "someschool.edu", "IXFR=2024010100");
    assertThat(old).contains("XFR size: 8 records");
    String current = dig(Hierarchy.AUTH_ADDR, "someschool.edu", "IXFR=2024010101");
    assertThat(current).contains("XFR size: 1 records")
        .containsPattern("someschool\\.edu\\.\\s+3600\\s+IN\\s+SOA");
  }

  @Test
  void digAndKdigGetTheDifferencesSinceTheirSerial() throws Exception {
    Name origin = Name.of("ixfr.test.");
    org.minternet.dns.wire.Tsig.Key key = org.minternet.dns.wire.Tsig.Key.hmacSha256("up.",
        "aXhmci11cGRhdGUta2V5LWZvci10ZXN0cw==");
    Zone z = Zone.builder(origin).add("@", 60, "SOA", "ns hm 1 60 60 600 60").add("@", 60, "NS", "ns")
        .add("ns", 60, "A", "127.0.0.1").add("gone", 60, "A", "192.0.2.1").build();
    try (AuthoritativeServer s = AuthoritativeServer.builder().bind(InetAddress.getByName("127.3.0.11"))
        .port(world.port).zone(z).updateKey(key).start()) {
      java.net.InetSocketAddress at = new java.net.InetSocketAddress(s.address(), s.port());
      new DnsUpdate(origin).deleteRRset(Name.of("gone.ixfr.test."), org.minternet.dns.wire.RrTypes.A)
          .add(Name.of("new.ixfr.test."), 60, org.minternet.dns.wire.TxtRData.of("added"))
          .send(at, key, DnsClient.Options.DEFAULT);
      String out = dig("127.3.0.11", "ixfr.test", "IXFR=1");
      // SOA 2, SOA 1, the deleted A, SOA 2, the added TXT, SOA 2
      assertThat(out).contains("XFR size: 6 records")
          .containsPattern("gone\\.ixfr\\.test\\.\\s+60\\s+IN\\s+A\\s+192\\.0\\.2\\.1")
          .containsPattern("new\\.ixfr\\.test\\.\\s+60\\s+IN\\s+TXT\\s+\"added\"");
      assertThat(out.lines().filter(l -> l.matches("ixfr\\.test\\.\\s+60\\s+IN\\s+SOA\\s+.*")).toList())
          .extracting(l -> l.split("\\s+")[6]).containsExactly("2", "1", "2", "2");
      String k = Tools.run("kdig", "@127.3.0.11", "-p", String.valueOf(world.port), "ixfr.test", "-t", "IXFR=1");
      assertThat(k).containsPattern("gone\\.ixfr\\.test\\.\\s+60\\s+IN\\s+A\\s+192\\.0\\.2\\.1")
          .containsPattern("new\\.ixfr\\.test\\.\\s+60\\s+IN\\s+TXT\\s+\"added\"")
          .doesNotContainIgnoringCase("error");
    }
  }

  @Test
  void digTransfersWithATsigKeyWhenTheAddressIsNotAllowed() throws Exception {
    String secret = "eGZyLXNlY3JldC1mb3ItdGhlLWRpZy10ZXN0";
    Zone.Builder b = Zone.builder(Name.of("xfr.test."))
        .add("@", 60, "SOA", "ns hm 1 60 60 600 60").add("@", 60, "NS", "ns").add("ns", 60, "A", "127.0.0.1");
    for (int i = 0; i < 2000; i++) b.add("r" + i, 60, "TXT", "\"record number " + i + "\"");
    try (AuthoritativeServer s = AuthoritativeServer.builder().bind(InetAddress.getByName("127.3.0.10"))
        .port(world.port).zone(b.build()).transferAllowed(a -> false)
        .transferKey(org.minternet.dns.wire.Tsig.Key.hmacSha256("xfr-key.", secret)).start()) {
      // 2,004 records need several messages: each one is signed and dig checks every signature
      String signed = dig("127.3.0.10", "-y", "hmac-sha256:xfr-key:" + secret, "xfr.test", "AXFR");
      assertThat(signed).contains("XFR size: 2004 records").doesNotContainIgnoringCase("verify")
          .doesNotContain("failed");
      String unsigned = dig("127.3.0.10", "xfr.test", "AXFR");
      assertThat(unsigned).contains("Transfer failed").doesNotContain("XFR size");
      String wrongKey = dig("127.3.0.10", "-y", "hmac-sha256:xfr-key:d3Jvbmctc2VjcmV0", "xfr.test", "AXFR");
      assertThat(wrongKey).doesNotContain("XFR size");
    }
  }

  @Test
  void kdigGetsAnswersOverUdpAndTcp() throws Exception {
    String port = String.valueOf(world.port);
    String udp = Tools.run("kdig", "@" + Hierarchy.AUTH_ADDR, "-p", port, "+norec", "www.someschool.edu", "A");
    assertThat(udp).contains("status: NOERROR").containsPattern("Flags: qr aa;")
        .containsPattern("www\\.someschool\\.edu\\.\\s+3600\\s+IN\\s+A\\s+127\\.4\\.0\\.1");
    String tcp = Tools.run("kdig", "@" + Hierarchy.AUTH_ADDR, "-p", port, "+tcp", "someschool.edu", "MX");
    assertThat(tcp).contains("status: NOERROR").containsPattern("10 mail\\.someschool\\.edu\\.")
        .containsPattern("mail\\.someschool\\.edu\\.\\s+3600\\s+IN\\s+A\\s+127\\.5\\.0\\.1").contains("(TCP)");
    String fallback = Tools.run("kdig", "@127.3.0.9", "-p", port, "+bufsize=512", "many.big.test", "TXT");
    assertThat(fallback).contains("ANSWER: 50;");
    String nx = Tools.run("kdig", "@" + Hierarchy.AUTH_ADDR, "-p", port, "nope.someschool.edu");
    assertThat(nx).contains("status: NXDOMAIN");
  }
}
