package org.minternet.dns.client;

import org.minternet.dns.server.Hierarchy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DigTest {
  static Hierarchy world;

  @BeforeAll
  static void start() throws Exception {
    world = new Hierarchy();
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  private static String dig(DigOptions o, int expectedStatus) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int status = Dig.run(o, new PrintStream(b, true, StandardCharsets.UTF_8));
    String out = b.toString(StandardCharsets.UTF_8);
    assertThat(status).as(out).isEqualTo(expectedStatus);
    return out;
  }

  @Test
  void printsTheSectionsLikeDig() {
    String out = dig(DigOptions.of("www.someschool.edu", "A", Hierarchy.AUTH_ADDR, world.port), 0);
    assertThat(out).contains(";; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ")
        .contains(";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1")
        .contains(";; WARNING: recursion requested but not available")
        .contains("; EDNS: version: 0, flags:; udp: 1232")
        .contains(";; QUESTION SECTION:\n;www.someschool.edu.\t\tIN\tA\n")
        .contains(";; ANSWER SECTION:\nwww.someschool.edu.\t3600\tIN\tA\t127.4.0.1\n")
        .contains(";; SERVER: 127.3.0.1#" + world.port + "(127.3.0.1) (UDP)")
        .contains(";; MSG SIZE  rcvd: ");
  }

  @Test
  void showsAReferralFromTheRootAndTcp() {
    String out = dig(DigOptions.of("www.someschool.edu", "A", Hierarchy.ROOT_ADDR, world.port)
        .withRecurse(false).withTcp(true), 0);
    assertThat(out).contains("flags: qr; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 2")
        .contains(";; AUTHORITY SECTION:\nedu.\t172800\tIN\tNS\ta.edu-servers.net.")
        .contains(";; ADDITIONAL SECTION:\na.edu-servers.net.\t172800\tIN\tA\t127.2.0.1")
        .contains("(TCP)").doesNotContain("WARNING");
  }

  @Test
  void showsNxdomain() {
    String out = dig(DigOptions.of("nope.someschool.edu", "A", Hierarchy.AUTH_ADDR, world.port), 0);
    assertThat(out).contains("status: NXDOMAIN").contains(";; AUTHORITY SECTION:\nsomeschool.edu.\t300\tIN\tSOA\t");
  }

  @Test
  void tracesFromTheRoot() {
    String out = dig(DigOptions.of("www.someschool.edu", "A", Hierarchy.ROOT_ADDR, world.port)
        .withTrace(true), 0);
    int root = out.indexOf(".\t518400\tIN\tNS\ta.root-servers.net.");
    int tld = out.indexOf("edu.\t172800\tIN\tNS\ta.edu-servers.net.");
    int school = out.indexOf("someschool.edu.\t172800\tIN\tNS\tdns.someschool.edu.");
    int answer = out.indexOf("www.someschool.edu.\t3600\tIN\tA\t127.4.0.1");
    assertThat(root).as(out).isPositive();
    assertThat(tld).as(out).isGreaterThan(root);
    assertThat(school).as(out).isGreaterThan(tld);
    assertThat(answer).as(out).isGreaterThan(school);
    assertThat(out).contains("from 127.2.0.1#" + world.port + "(a.edu-servers.net.)")
        .contains("from 127.3.0.1#" + world.port + "(dns.someschool.edu.)");
  }

  @Test
  void tracesThroughAReferralWithoutGlue() {
    String out = dig(DigOptions.of("www.noglue.edu", "A", Hierarchy.ROOT_ADDR, world.port)
        .withTrace(true), 0);
    assertThat(out).contains("noglue.edu.\t172800\tIN\tNS\tns.someschool.edu.")
        .contains("www.noglue.edu.\t3600\tIN\tA\t127.4.0.2")
        .contains("(ns.someschool.edu.)");
  }

  @Test
  void transfersAZone() {
    String out = dig(DigOptions.of("someschool.edu", "AXFR", Hierarchy.AUTH_ADDR, world.port), 0);
    assertThat(out.lines().filter(l -> l.contains("\tSOA\t")).count()).isEqualTo(2);
    assertThat(out).contains("www.someschool.edu.\t3600\tIN\tA\t127.4.0.1").contains("XFR size: 8 records");
  }

  @Test
  void asksForTheChangesSinceASerial() {
    // the Hierarchy's zones keep no history: an old serial gets the whole zone, the current one
    // the SOA alone
    String old = dig(DigOptions.of("someschool.edu", "IXFR=2024010100", Hierarchy.AUTH_ADDR, world.port), 0);
    assertThat(old).contains("XFR size: 8 records").contains("www.someschool.edu.\t3600\tIN\tA\t127.4.0.1");
    String now = dig(DigOptions.of("someschool.edu", "ixfr=2024010101", Hierarchy.AUTH_ADDR, world.port), 0);
    assertThat(now).contains("XFR size: 1 records");
    assertThat(dig(DigOptions.of("someschool.edu", "IXFR=4294967296", Hierarchy.AUTH_ADDR, world.port),
        Dig.USAGE_ERROR)).contains("out of range");
  }

  @Test
  void reportsNoReplyAndBadInput() {
    String out = dig(new DigOptions("x.test", "A", "127.0.0.1", 9, false, true, false,
        Duration.ofMillis(200), 1), Dig.NO_REPLY);
    assertThat(out).contains(";; no servers could be reached");
    assertThat(dig(DigOptions.of("x.test", "BOGUS", "127.0.0.1", 53), Dig.USAGE_ERROR))
        .contains("unknown type BOGUS");
  }
}
