package org.minternet.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minternet.dns.wire.Edns;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Opcode;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.zone.Zone;
import org.minternet.dns.zone.ZoneFile;

class AuthorityTest {
  static final String ZONE = """
      $TTL 3600
      @ SOA ns1 hostmaster 1 3600 900 604800 300
        NS ns1
        MX 10 mail
      ns1 A 192.0.2.53
      mail A 192.0.2.25
      www A 192.0.2.80
          A 192.0.2.81
          A 192.0.2.82
      alias CNAME www
      chain CNAME alias
      loop1 CNAME loop2
      loop2 CNAME loop1
      out CNAME www.example.org.
      other CNAME www.other.test.
      dangling CNAME nothing
      *.wild TXT "wild"
      *.wild MX 5 mail
      a.b.c TXT "deep"
      sub NS ns.sub
      sub NS ns.elsewhere.net.
      ns.sub A 192.0.2.99
      """;
  static final String OTHER = """
      $TTL 60
      @ SOA ns hm 7 1 1 1 60
        NS ns.example.com.
      www A 198.51.100.1
      """;

  static ZoneSet zones() throws Exception {
    Zone a = ZoneFile.parse(ZONE, Name.of("example.com."), "example.com");
    Zone b = ZoneFile.parse(OTHER, Name.of("other.test."), "other.test");
    return new ZoneSet(List.of(a, b));
  }

  private final Authority authority;

  AuthorityTest() throws Exception {
    authority = new Authority(zones(), 1232);
  }

  private Message ask(String name, int type) {
    return authority.respond(Message.query(99, Question.in(Name.of(name), type), false));
  }

  private static List<String> texts(List<Record> rs) {
    return rs.stream().map(r -> r.name() + " " + RrTypes.toText(r.type()) + " " + r.data().toText()).toList();
  }

  @Test
  void answersAuthoritatively() {
    Message m = ask("mail.example.com.", RrTypes.A);
    assertThat(m.header().aa()).isTrue();
    assertThat(m.header().qr()).isTrue();
    assertThat(m.id()).isEqualTo(99);
    assertThat(m.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(texts(m.answers())).containsExactly("mail.example.com. A 192.0.2.25");
    assertThat(m.edns()).isNotNull();
  }

  @Test
  void addsAddressesOfMailExchangers() {
    Message m = ask("example.com.", RrTypes.MX);
    assertThat(texts(m.additional())).containsExactly("mail.example.com. A 192.0.2.25");
  }

  @Test
  void tellsNxdomainFromNodataWithTheSoa() {
    Message nx = ask("nope.example.com.", RrTypes.A);
    assertThat(nx.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nx.header().aa()).isTrue();
    assertThat(nx.answers()).isEmpty();
    assertThat(nx.authority()).hasSize(1);
    assertThat(nx.authority().get(0).type()).isEqualTo(RrTypes.SOA);
    assertThat(nx.authority().get(0).ttl()).isEqualTo(300); // min(SOA TTL, MINIMUM)
    Message nodata = ask("www.example.com.", RrTypes.AAAA);
    assertThat(nodata.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(nodata.answers()).isEmpty();
    assertThat(nodata.authority().get(0).type()).isEqualTo(RrTypes.SOA);
    // an empty non-terminal exists: NODATA, not NXDOMAIN
    assertThat(ask("b.c.example.com.", RrTypes.A).rcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void followsCnameChainsInsideOurZones() {
    Message m = ask("chain.example.com.", RrTypes.A);
    assertThat(texts(m.answers())).startsWith("chain.example.com. CNAME alias.example.com.",
        "alias.example.com. CNAME www.example.com.").hasSize(5);
    Message cross = ask("other.example.com.", RrTypes.A);
    assertThat(texts(cross.answers())).containsExactly("other.example.com. CNAME www.other.test.",
        "www.other.test. A 198.51.100.1");
    Message out = ask("out.example.com.", RrTypes.A);
    assertThat(texts(out.answers())).containsExactly("out.example.com. CNAME www.example.org.");
    assertThat(out.rcode()).isEqualTo(Rcode.NOERROR);
    Message dangling = ask("dangling.example.com.", RrTypes.A);
    assertThat(dangling.rcode()).isEqualTo(Rcode.NXDOMAIN); // RFC 6604: rcode of the last name
    assertThat(dangling.answers()).hasSize(1);
    Message loop = ask("loop1.example.com.", RrTypes.A);
    assertThat(loop.answers()).hasSize(2);
    assertThat(ask("alias.example.com.", RrTypes.CNAME).answers()).hasSize(1);
  }

  @Test
  void synthesizesFromWildcards() {
    Message m = ask("anything.wild.example.com.", RrTypes.TXT);
    assertThat(texts(m.answers())).containsExactly("anything.wild.example.com. TXT \"wild\"");
    assertThat(ask("x.y.wild.example.com.", RrTypes.TXT).answers()).hasSize(1);
    Message mx = ask("any.wild.example.com.", RrTypes.MX);
    assertThat(texts(mx.additional())).containsExactly("mail.example.com. A 192.0.2.25");
    Message nodata = ask("anything.wild.example.com.", RrTypes.A);
    assertThat(nodata.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(nodata.answers()).isEmpty();
    // the wildcard does not cover the existing name "wild" itself
    assertThat(ask("wild.example.com.", RrTypes.TXT).answers()).isEmpty();
  }

  @Test
  void refersDelegatedNamesWithGlue() {
    Message m = ask("www.sub.example.com.", RrTypes.A);
    assertThat(m.header().aa()).isFalse();
    assertThat(m.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.answers()).isEmpty();
    assertThat(texts(m.authority())).containsExactly("sub.example.com. NS ns.sub.example.com.",
        "sub.example.com. NS ns.elsewhere.net.");
    assertThat(texts(m.additional())).containsExactly("ns.sub.example.com. A 192.0.2.99");
    assertThat(ask("sub.example.com.", RrTypes.NS).header().aa()).isFalse();
  }

  @Test
  void refusesNamesOutsideItsZones() {
    assertThat(ask("www.example.org.", RrTypes.A).rcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void rotatesAddressRecords() {
    String first = texts(ask("www.example.com.", RrTypes.A).answers()).get(0);
    String second = texts(ask("www.example.com.", RrTypes.A).answers()).get(0);
    assertThat(second).isNotEqualTo(first);
    assertThat(ask("www.example.com.", RrTypes.A).answers()).hasSize(3);
  }

  @Test
  void answersUnknownOpcodesAndBadQueries() {
    Message q = Message.query(5, Question.in(Name.of("www.example.com."), RrTypes.A), false);
    Header h = new Header(5, false, Opcode.STATUS, false, false, false, false, false, false, 0);
    assertThat(authority.respond(q.withHeader(h)).rcode()).isEqualTo(Rcode.NOTIMP);
    Message two = new Message(q.header(), List.of(q.question(), q.question()), List.of(),
        List.of(), List.of(), null);
    assertThat(authority.respond(two).rcode()).isEqualTo(Rcode.FORMERR);
    assertThat(authority.respond(q.withEdns(new Edns(1232, 0, 1, false, List.of()))).rcode())
        .isEqualTo(Rcode.BADVERS);
    assertThat(authority.respond(q.withHeader(q.header().response(0)))).isNull();
  }

  @Test
  void formerrForUndecodableUdpQueriesAndSilenceForGarbage() throws Exception {
    byte[] loop = HexFormat.of().parseHex("abcd01000001000000000000c00c00010001");
    Message r = Message.decode(authority.answerUdp(loop, loop.length));
    assertThat(r.id()).isEqualTo(0xabcd);
    assertThat(r.rcode()).isEqualTo(Rcode.FORMERR);
    assertThat(authority.answerUdp(new byte[] {1, 2, 3}, 3)).isNull();
  }

  @Test
  void sizesUdpAnswersToThePayloadAndTruncates() throws Exception {
    Zone.Builder b = Zone.builder(Name.of("big.test."))
        .add("@", 60, "SOA", "ns hm 1 1 1 1 1").add("@", 60, "NS", "ns").add("ns", 60, "A", "192.0.2.1");
    for (int i = 0; i < 40; i++) b.add("many", 60, "TXT", "\"" + "t".repeat(40) + i + "\"");
    Authority big = new Authority(new ZoneSet(List.of(b.build())), 1232);
    Message plain = new Message(Header.query(1, false), List.of(Question.in(Name.of("many.big.test."), RrTypes.TXT)),
        List.of(), List.of(), List.of(), null);
    byte[] q = plain.encode();
    byte[] small = big.answerUdp(q, q.length);
    assertThat(small.length).isLessThanOrEqualTo(512);
    assertThat(Message.decode(small).header().tc()).isTrue();
    byte[] q2 = plain.withEdns(Edns.of(4096)).encode();
    byte[] bigger = big.answerUdp(q2, q2.length);
    assertThat(bigger.length).isBetween(513, 1232);
    assertThat(Message.decode(bigger).header().tc()).isTrue();
    assertThat(big.respond(plain).encode().length).isGreaterThan(1232); // TCP gets everything
  }
}
