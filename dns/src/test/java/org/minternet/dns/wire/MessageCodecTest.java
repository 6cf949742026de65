package org.minternet.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
  }

  @Test
  void encodesAQueryExactly() {
    Message q = new Message(Header.query(0x1234, true),
        List.of(Question.in(Name.of("www.example.com."), RrTypes.A)), List.of(), List.of(),
        List.of(), null);
    assertThat(HexFormat.of().formatHex(q.encode())).isEqualTo(
        "123401000001000000000000" + "03777777076578616d706c6503636f6d00" + "00010001");
  }

  @Test
  void decodesAResponseWithCompressionPointers() throws Exception {
    byte[] data = hex("""
        abcd 8580 0001 0002 0000 0000
        03 777777 07 6578616d706c65 03 636f6d 00 0001 0001
        c00c 0005 0001 00000e10 0006 03 776562 c010
        c02d 0001 0001 0000003c 0004 c0000201
        """);
    Message m = Message.decode(data);
    assertThat(m.id()).isEqualTo(0xabcd);
    assertThat(m.header().qr()).isTrue();
    assertThat(m.header().aa()).isTrue();
    assertThat(m.header().rd()).isTrue();
    assertThat(m.header().ra()).isTrue();
    assertThat(m.answers()).hasSize(2);
    assertThat(m.answers().get(0).data()).isEqualTo(new CnameRData(Name.of("web.example.com.")));
    assertThat(m.answers().get(1).name()).isEqualTo(Name.of("web.example.com."));
    assertThat(m.answers().get(1).data().toText()).isEqualTo("192.0.2.1");
    assertThat(m.answers().get(0).ttl()).isEqualTo(3600);
  }

  @Test
  void compressesRepeatedNames() throws Exception {
    Name www = Name.of("www.example.com.");
    Message m = new Message(Header.query(1, false).response(0),
        List.of(Question.in(www, RrTypes.MX)),
        List.of(Record.in(www, 60, new MxRData(10, Name.of("mail.example.com.")))), List.of(),
        List.of(), null);
    byte[] b = m.encode();
    // the answer's owner is a pointer to offset 12, the exchange's suffix a pointer to 16
    assertThat(HexFormat.of().formatHex(b, 33, 35)).isEqualTo("c00c");
    assertThat(HexFormat.of().formatHex(b, b.length - 7, b.length)).isEqualTo("046d61696cc010");
    assertThat(Message.decode(b)).isEqualTo(m);
  }

  @Test
  void rejectsAPointerLoop() {
    // the question name is a pointer to itself
    byte[] data = hex("0001 0000 0001 0000 0000 0000 c00c 0001 0001");
    assertThatThrownBy(() -> Message.decode(data)).isInstanceOf(WireFormatException.class)
        .hasMessageContaining("pointer");
  }

  @Test
  void rejectsALoopThroughALabel() {
    // label "a" at 12, then a pointer back to 12: every pointer is backwards from itself
    byte[] data = hex("0001 0000 0001 0000 0000 0000 0161 c00c 0001 0001");
    assertThatThrownBy(() -> Message.decode(data)).isInstanceOf(WireFormatException.class);
  }

  @Test
  void rejectsAForwardPointer() {
    byte[] data = hex("0001 0000 0001 0000 0000 0000 c012 0001 0001 0000");
    assertThatThrownBy(() -> Message.decode(data)).isInstanceOf(WireFormatException.class);
  }

  @Test
  void rejectsTruncatedAndLyingMessages() {
    assertThatThrownBy(() -> Message.decode(hex("0001 0000 00"))).isInstanceOf(WireFormatException.class)
        .hasMessage("end of input");
    // says one question, has none
    assertThatThrownBy(() -> Message.decode(hex("0001 0000 0001 0000 0000 0000")))
        .isInstanceOf(WireFormatException.class);
    // RDLENGTH beyond the end
    assertThatThrownBy(() -> Message.decode(hex(
        "0001 8000 0000 0001 0000 0000 00 0001 0001 00000001 0010 c0000201")))
        .isInstanceOf(WireFormatException.class);
    // A record with RDLENGTH 3
    assertThatThrownBy(() -> Message.decode(hex(
        "0001 8000 0000 0001 0000 0000 00 0001 0001 00000001 0003 c00002")))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("length 3");
    // trailing garbage
    assertThatThrownBy(() -> Message.decode(hex("0001 0000 0000 0000 0000 0000 ff")))
        .isInstanceOf(WireFormatException.class);
    // label type 0x40 (extended labels) is not supported
    assertThatThrownBy(() -> Message.decode(hex("0001 0000 0001 0000 0000 0000 4100 0001 0001")))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void rejectsNamesOverTheLimits() {
    StringBuilder sb = new StringBuilder("0001 0000 0001 0000 0000 0000");
    for (int i = 0; i < 26; i++) sb.append(" 09 616161616161616161"); // 26 * 10 = 260 > 255
    sb.append(" 00 0001 0001");
    assertThatThrownBy(() -> Message.decode(hex(sb.toString())))
        .hasMessageContaining("longer than 255");
    assertThatThrownBy(() -> Name.parse("a".repeat(64) + ".com."))
        .hasMessageContaining("63 octets");
  }

  @Test
  void keepsUnknownTypesUnchanged() throws Exception {
    byte[] data = hex("0001 8000 0000 0001 0000 0000 00 ff00 0001 00000e10 0003 abcdef");
    Message m = Message.decode(data);
    Record r = m.answers().get(0);
    assertThat(r.data()).isEqualTo(new UnknownRData(0xff00, hex("abcdef")));
    assertThat(r.toString()).isEqualTo(".\t3600\tIN\tTYPE65280\t\\# 3 abcdef");
    assertThat(m.encode()).isEqualTo(data);
  }

  @Test
  void decodesEdnsAndTheExtendedRcode() throws Exception {
    // OPT: payload 4096, extended rcode 1 (so BADVERS = 16 with header rcode 0), DO set, one option
    byte[] data = hex("0001 8000 0000 0000 0000 0001 00 0029 1000 01008000 0006 000a 0002 cafe");
    Message m = Message.decode(data);
    assertThat(m.additional()).isEmpty();
    assertThat(m.edns().udpPayload()).isEqualTo(4096);
    assertThat(m.edns().dnssecOk()).isTrue();
    assertThat(m.edns().options()).containsExactly(new Edns.Option(10, hex("cafe")));
    assertThat(m.rcode()).isEqualTo(Rcode.BADVERS);
    assertThat(m.encode()).isEqualTo(data);
  }

  @Test
  void rejectsTwoOptRecords() {
    byte[] data = hex("0001 0000 0000 0000 0000 0002 00 0029 1000 00000000 0000 00 0029 1000 00000000 0000");
    assertThatThrownBy(() -> Message.decode(data)).hasMessageContaining("more than one OPT");
  }

  @Test
  void truncatesAnswersThatDoNotFitAndSetsTc() throws Exception {
    Name n = Name.of("big.example.");
    List<Record> answers = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) answers.add(Record.in(n, 60, TxtRData.of("x".repeat(20) + i)));
    Message m = new Message(Header.query(7, true).response(0), List.of(Question.in(n, RrTypes.TXT)),
        answers, List.of(), List.of(), null);
    byte[] b = m.encode(512);
    assertThat(b.length).isLessThanOrEqualTo(512);
    Message back = Message.decode(b);
    assertThat(back.header().tc()).isTrue();
    assertThat(back.answers()).hasSizeLessThan(60).isNotEmpty();
    assertThat(Message.decode(m.encode()).header().tc()).isFalse();
  }

  @Test
  void dropsAdditionalRecordsThatDoNotFitWithoutTc() throws Exception {
    Name n = Name.of("ns.example.");
    List<Record> extra = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) extra.add(Record.in(n, 60, TxtRData.of("y".repeat(30) + i)));
    Message m = new Message(Header.query(7, true).response(0), List.of(Question.in(n, RrTypes.A)),
        List.of(), List.of(), extra, Edns.of(1232));
    Message back = Message.decode(m.encode(512));
    assertThat(back.header().tc()).isFalse();
    assertThat(back.edns()).isNotNull();
    assertThat(back.additional()).hasSizeLessThan(60);
  }
}
