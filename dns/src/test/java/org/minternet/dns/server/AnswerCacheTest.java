package org.minternet.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minternet.dns.wire.Edns;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.zone.Zone;

class AnswerCacheTest {
  final ZoneSet zones;
  final Authority authority;
  final AnswerCache cache;

  AnswerCacheTest() throws Exception {
    zones = AuthorityTest.zones();
    authority = new Authority(zones, 1232);
    cache = new AnswerCache(zones, authority);
  }

  private Message ask(int id, String name, int type, boolean rd, Edns edns) throws Exception {
    Message q = new Message(Header.query(id, rd), List.of(Question.in(Name.of(name), type)),
        List.of(), List.of(), List.of(), edns);
    byte[] b = q.encode();
    byte[] r = cache.answer(b, b.length);
    assertThat(r).isNotNull();
    // the fast path gives what the general path gives (round robin aside)
    Message fast = Message.decode(r);
    Message general = Message.decode(authority.respond(q).encode(authority.udpLimit(q)));
    assertThat(fast.header()).isEqualTo(general.header());
    assertThat(fast.answers()).containsExactlyInAnyOrderElementsOf(general.answers());
    assertThat(fast.withAdditional(List.of()).withHeader(general.header()))
        .usingRecursiveComparison().ignoringFields("answers", "additional")
        .isEqualTo(general.withAdditional(List.of()));
    assertThat(fast.additional()).containsExactlyInAnyOrderElementsOf(general.additional());
    return fast;
  }

  @Test
  void patchesIdFlagsAndTheCaseOfTheQuestion() throws Exception {
    Message first = ask(1, "mail.example.com.", RrTypes.A, false, Edns.of(4096));
    Message second = ask(2, "MAIL.Example.COM.", RrTypes.A, true, Edns.of(4096));
    assertThat(first.id()).isEqualTo(1);
    assertThat(second.id()).isEqualTo(2);
    assertThat(first.header().rd()).isFalse();
    assertThat(second.header().rd()).isTrue();
    assertThat(second.question().name().toString()).isEqualTo("MAIL.Example.COM.");
    assertThat(ask(3, "nope.example.com.", RrTypes.A, false, null).rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ask(4, "nope.example.com.", RrTypes.A, false, null).rcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void keepsRotatingAddressRecords() throws Exception {
    String a = ask(1, "www.example.com.", RrTypes.A, false, null).answers().get(0).data().toText();
    String b = ask(2, "www.example.com.", RrTypes.A, false, null).answers().get(0).data().toText();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void startsAfreshWhenTheZonesChange() throws Exception {
    assertThat(ask(1, "mail.example.com.", RrTypes.A, false, null).answers().get(0).data().toText())
        .isEqualTo("192.0.2.25");
    Zone changed = zones.get(Name.of("example.com.")).toBuilder().removeRRsetAnd(Name.of("mail.example.com."), RrTypes.A)
        .add("mail", 60, "A", "192.0.2.26").build();
    zones.put(changed);
    assertThat(ask(2, "mail.example.com.", RrTypes.A, false, null).answers().get(0).data().toText())
        .isEqualTo("192.0.2.26");
  }

  @Test
  void leavesUnusualQueriesToTheGeneralPath() {
    Message q = Message.query(1, Question.in(Name.of("www.example.com."), RrTypes.A), false);
    byte[] badVersion = q.withEdns(new Edns(1232, 0, 1, false, List.of())).encode();
    assertThat(cache.answer(badVersion, badVersion.length)).isNull();
    byte[] response = q.withHeader(q.header().response(0)).encode();
    assertThat(cache.answer(response, response.length)).isNull();
    byte[] cut = java.util.Arrays.copyOf(q.encode(), 20);
    assertThat(cache.answer(cut, cut.length)).isNull();
  }
}
