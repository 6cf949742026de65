package org.minternet.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordTypesTest {
  private static final Name ORIGIN = Name.of("example.com.");

  private static RData parse(String type, String text) throws WireFormatException {
    return RrTypes.parse(RrTypes.fromText(type), TextInput.split(text, ORIGIN));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "A     | 192.0.2.1                         | 192.0.2.1                                  | c0000201",
      "AAAA  | 2001:DB8:0:0:0:0:0:1              | 2001:db8::1                                | 20010db8000000000000000000000001",
      "NS    | ns1                               | ns1.example.com.                           | 036e7331076578616d706c6503636f6d00",
      "CNAME | www.example.org.                  | www.example.org.                           | 03777777076578616d706c65036f726700",
      "PTR   | host.                             | host.                                      | 04686f737400",
      "MX    | 10 mail                           | 10 mail.example.com.                       | 000a046d61696c076578616d706c6503636f6d00",
      "TXT   | \"hello world\" \"a\\\"b\"          | \"hello world\" \"a\\\"b\"                 | 0b68656c6c6f20776f726c6403612262",
      "TXT   | unquoted                          | \"unquoted\"                               | 08756e71756f746564",
      "TXT   | \"\\200\\\\\"                     | \"\\200\\\\\"                              | 02c85c",
      "SRV   | 1 2 5060 sip.example.com.         | 1 2 5060 sip.example.com.                  | 0001000213c403736970076578616d706c6503636f6d00",
      "CAA   | 0 issue \"ca.example.net\"        | 0 issue \"ca.example.net\"                 | 0005697373756563612e6578616d706c652e6e6574",
      "SOA   | ns hostmaster 2024010101 1h 15m 1w 1d | ns.example.com. hostmaster.example.com. 2024010101 3600 900 604800 86400 | 026e73076578616d706c6503636f6d000a686f73746d6173746572c003 78a3f175 00000e10 00000384 00093a80 00015180",
      "TYPE65280 | \\# 3 ABCDEF                   | \\# 3 abcdef                               | abcdef",
      "A     | \\# 4 C0000202                    | 192.0.2.2                                  | c0000202",
  })
  void presentationAndWireAgree(String type, String text, String canonical, String wire) throws Exception {
    RData d = parse(type, text);
    assertThat(d.toText()).isEqualTo(canonical);
    DnsOutput out = new DnsOutput();
    d.write(out);
    assertThat(HexFormat.of().formatHex(out.toByteArray()))
        .isEqualTo(wire.replace(" ", "").toLowerCase());
    assertThat(RrTypes.fromWire(RrTypes.fromText(type), out.toByteArray())).isEqualTo(d);
    // the presentation form parses back to the same data
    assertThat(parse(type, d.toText())).isEqualTo(d);
  }

  @Test
  void rejectsBadPresentation() {
    assertThatThrownBy(() -> parse("A", "192.0.2.256")).hasMessageContaining("IPv4");
    assertThatThrownBy(() -> parse("A", "192.0.2")).hasMessageContaining("IPv4");
    assertThatThrownBy(() -> parse("A", "192.0.2.1 extra")).hasMessageContaining("unexpected");
    assertThatThrownBy(() -> parse("MX", "ten mail")).hasMessageContaining("preference");
    assertThatThrownBy(() -> parse("MX", "10")).hasMessageContaining("missing exchange");
    assertThatThrownBy(() -> parse("TYPE65280", "\\# 2 abcdef")).hasMessageContaining("length");
    assertThatThrownBy(() -> parse("TYPE65280", "abcdef")).hasMessageContaining("generic");
    assertThatThrownBy(() -> parse("SOA", "ns host 1 2 3 4")).hasMessageContaining("minimum");
    assertThatThrownBy(() -> parse("TXT", "\"" + "x".repeat(256) + "\"")).hasMessageContaining("255");
    assertThatThrownBy(() -> parse("CAA", "0 is-sue x")).hasMessageContaining("tag");
  }

  @Test
  void namesTypesAndClasses() {
    assertThat(RrTypes.fromText("aaaa")).isEqualTo(28);
    assertThat(RrTypes.fromText("TYPE28")).isEqualTo(28);
    assertThat(RrTypes.fromText("TYPE99999")).isEqualTo(-1);
    assertThat(RrTypes.fromText("BOGUS")).isEqualTo(-1);
    assertThat(RrTypes.toText(65280)).isEqualTo("TYPE65280");
    assertThat(DnsClass.fromText("in")).isEqualTo(1);
    assertThat(DnsClass.fromText("CLASS255")).isEqualTo(255);
  }

  @Test
  void parsesTtlUnits() throws Exception {
    assertThat(TextInput.parseTtl("3600", "TTL")).isEqualTo(3600);
    assertThat(TextInput.parseTtl("1h30m", "TTL")).isEqualTo(5400);
    assertThat(TextInput.parseTtl("1W", "TTL")).isEqualTo(604800);
    assertThatThrownBy(() -> TextInput.parseTtl("1x", "TTL")).isInstanceOf(WireFormatException.class);
    assertThatThrownBy(() -> TextInput.parseTtl("4294967296", "TTL")).isInstanceOf(WireFormatException.class);
    assertThatThrownBy(() -> TextInput.parseTtl("h", "TTL")).isInstanceOf(WireFormatException.class);
  }
}
