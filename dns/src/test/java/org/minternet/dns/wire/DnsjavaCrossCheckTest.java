package org.minternet.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;

/** Checks our codec against dnsjava, an independent implementation, in both directions. */
class DnsjavaCrossCheckTest {
  private static final Name ORIGIN = Name.of("example.com.");
  private static final String[][] RECORDS = {
      {"www", "A", "192.0.2.1"},
      {"www", "AAAA", "2001:db8::1"},
      {"@", "NS", "ns1.example.com."},
      {"alias", "CNAME", "www.example.com."},
      {"1.2.0.192.in-addr.arpa.", "PTR", "www.example.com."},
      {"@", "MX", "10 mail.example.com."},
      {"@", "TXT", "\"v=spf1 -all\" \"second string\""},
      {"_sip._udp", "SRV", "10 20 5060 sip.example.com."},
      {"@", "CAA", "0 issue \"ca.example.net\""},
      {"@", "SOA", "ns1.example.com. hostmaster.example.com. 2024010101 3600 900 604800 86400"},
      {"odd", "TYPE65280", "\\# 3 abcdef"},
  };

  private static List<Record> ours() throws Exception {
    List<Record> out = new ArrayList<>();
    for (String[] r : RECORDS) {
      int type = RrTypes.fromText(r[1]);
      out.add(Record.in(Name.parse(r[0], ORIGIN), 300,
          RrTypes.parse(type, TextInput.split(r[2], ORIGIN))));
    }
    return out;
  }

  @Test
  void dnsjavaReadsWhatWeWrite() throws Exception {
    List<Record> records = ours();
    Message m = new Message(Header.query(0x4242, true).response(Rcode.NXDOMAIN).withAa(true),
        List.of(Question.in(ORIGIN, RrTypes.ANY)), records, List.of(), List.of(),
        new Edns(1232, 0, 0, true, List.of(new Edns.Option(10, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))));
    org.xbill.DNS.Message theirs = new org.xbill.DNS.Message(m.encode());
    assertThat(theirs.getHeader().getID()).isEqualTo(0x4242);
    assertThat(theirs.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(theirs.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(theirs.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    OPTRecord opt = theirs.getOPT();
    assertThat(opt.getPayloadSize()).isEqualTo(1232);
    assertThat(opt.getFlags() & 0x8000).isEqualTo(0x8000);
    assertThat(opt.getOptions()).hasSize(1);
    List<org.xbill.DNS.Record> answers = theirs.getSection(Section.ANSWER);
    assertThat(answers).hasSize(records.size());
    for (int i = 0; i < records.size(); i++) {
      Record r = records.get(i);
      org.xbill.DNS.Record t = answers.get(i);
      assertThat(t.getName().toString()).isEqualTo(r.name().toString());
      assertThat(t.getType()).isEqualTo(r.type());
      assertThat(t.getTTL()).isEqualTo(300);
      if (r.data() instanceof AaaaRData a) { // dnsjava writes AAAA without "::"
        assertThat(java.net.InetAddress.getByName(t.rdataToString())).isEqualTo(a.address());
        continue;
      }
      assertThat(t.rdataToString()).as(RrTypes.toText(r.type()))
          .isEqualToIgnoringCase(r.data().toText());
    }
  }

  @Test
  void weReadWhatDnsjavaWrites() throws Exception {
    org.xbill.DNS.Name origin = org.xbill.DNS.Name.fromString("example.com.");
    org.xbill.DNS.Message theirs = org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
        origin, org.xbill.DNS.Type.ANY, org.xbill.DNS.DClass.IN));
    theirs.getHeader().setFlag(Flags.QR);
    for (String[] r : RECORDS) {
      org.xbill.DNS.Name owner = org.xbill.DNS.Name.fromString(r[0], origin);
      int type = org.xbill.DNS.Type.value(r[1]);
      theirs.addRecord(org.xbill.DNS.Record.fromString(owner, type, org.xbill.DNS.DClass.IN, 300,
          r[2], origin), Section.ANSWER);
    }
    theirs.addRecord(new OPTRecord(4096, 0, 0, org.xbill.DNS.Flags.DO), Section.ADDITIONAL);
    Message m = Message.decode(theirs.toWire());
    assertThat(m.edns().udpPayload()).isEqualTo(4096);
    assertThat(m.edns().dnssecOk()).isTrue();
    assertThat(m.answers()).hasSize(RECORDS.length);
    List<Record> expected = ours();
    for (int i = 0; i < RECORDS.length; i++) {
      assertThat(m.answers().get(i).data()).as(RECORDS[i][1]).isEqualTo(expected.get(i).data());
      assertThat(m.answers().get(i).name()).isEqualTo(expected.get(i).name());
    }
  }
}
