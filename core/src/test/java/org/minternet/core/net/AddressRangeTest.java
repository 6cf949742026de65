package org.minternet.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangeTest {
  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  /** An IPv4-mapped address kept as an IPv6 object, as a dual-stack socket may report it. */
  private static InetAddress mapped(int a, int b, int c, int d) throws Exception {
    byte[] x = new byte[16];
    x[10] = (byte) 0xff;
    x[11] = (byte) 0xff;
    x[12] = (byte) a;
    x[13] = (byte) b;
    x[14] = (byte) c;
    x[15] = (byte) d;
    InetAddress m = Inet6Address.getByAddress(null, x, -1);
    assertThat(m).isInstanceOf(Inet6Address.class);
    return m;
  }

  @Test
  void ipv4PrefixesMatchOnTheirBitsOnly() throws Exception {
    assertThat(AddressRange.parse("10.0.0.0/8").contains(ip("10.200.3.4"))).isTrue();
    assertThat(AddressRange.parse("10.0.0.0/8").contains(ip("11.0.0.1"))).isFalse();
    assertThat(AddressRange.parse("192.168.4.0/22").contains(ip("192.168.7.255"))).isTrue();
    assertThat(AddressRange.parse("192.168.4.0/22").contains(ip("192.168.8.0"))).isFalse();
    assertThat(AddressRange.parse("172.16.0.0/12").contains(ip("172.31.255.255"))).isTrue();
    assertThat(AddressRange.parse("172.16.0.0/12").contains(ip("172.32.0.0"))).isFalse();
    assertThat(AddressRange.parse("0.0.0.0/0").contains(ip("8.8.8.8"))).isTrue();
  }

  @Test
  void aBareAddressIsOneHost() throws Exception {
    assertThat(AddressRange.parse("127.0.0.2")).hasToString("127.0.0.2/32");
    assertThat(AddressRange.parse("127.0.0.2").contains(ip("127.0.0.3"))).isFalse();
    assertThat(AddressRange.parse("::1")).isEqualTo(AddressRange.parse("::1/128"));
    assertThat(AddressRange.parse("::1").contains(ip("::2"))).isFalse();
    assertThat(AddressRange.of(ip("192.0.2.7"))).isEqualTo(AddressRange.parse("192.0.2.7/32"));
  }

  // RelayNetworks (mail) did not trim: " 10.0.0.0/8" was refused there, accepted elsewhere
  @Test
  void inputIsTrimmed() throws Exception {
    assertThat(AddressRange.parse("  10.0.0.0/8\t")).isEqualTo(AddressRange.parse("10.0.0.0/8"));
    assertThat(AddressRange.parse(" ::1 ").contains(ip("::1"))).isTrue();
  }

  // Cidr (dns) and RelayNetworks (mail) did not unmap the client: ::ffff:10.0.0.1 missed 10/8
  @Test
  void anIpv4MappedClientMatchesIpv4Ranges() throws Exception {
    assertThat(AddressRange.parse("10.0.0.0/8").contains(mapped(10, 0, 0, 1))).isTrue();
    assertThat(AddressRange.parse("10.0.0.0/8").contains(mapped(11, 0, 0, 1))).isFalse();
    assertThat(AddressRanges.LOOPBACK.contains(mapped(127, 0, 0, 1))).isTrue();
  }

  @Test
  void anIpv4MappedRangeIsTheIpv4Range() throws Exception {
    assertThat(AddressRange.parse("::ffff:10.0.0.0/104")).isEqualTo(AddressRange.parse("10.0.0.0/8"));
    assertThat(AddressRange.parse("::ffff:a00:1")).isEqualTo(AddressRange.parse("10.0.0.1"));
    assertThat(AddressRange.parse("::ffff:10.0.0.0/104").contains(ip("10.9.9.9"))).isTrue();
    assertThatThrownBy(() -> AddressRange.parse("::ffff:0:0/95"))
        .hasMessageContaining("::ffff:0:0/95").hasMessageContaining("96");
  }

  @Test
  void familiesDoNotMix() throws Exception {
    assertThat(AddressRange.parse("::1/128").contains(ip("127.0.0.1"))).isFalse();
    assertThat(AddressRange.parse("::/0").contains(ip("10.0.0.1"))).isFalse();
    assertThat(AddressRange.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
    assertThat(AddressRange.parse("0.0.0.0/0").contains(ip("2001:db8::1"))).isFalse();
  }

  // none of the copies masked on parse (matching ignored the host bits); now it is explicit
  @Test
  void hostBitsBelowThePrefixAreMasked() throws Exception {
    AddressRange r = AddressRange.parse("10.1.2.3/8");
    assertThat(r).hasToString("10.0.0.0/8").isEqualTo(AddressRange.parse("10.0.0.0/8"));
    assertThat(r.contains(ip("10.200.0.1"))).isTrue();
    assertThat(r.network()).isEqualTo(ip("10.0.0.0"));
    assertThat(AddressRange.parse("192.168.7.9/22")).hasToString("192.168.4.0/22");
    assertThat(AddressRange.parse("2001:db8:ffff::1/32")).isEqualTo(AddressRange.parse("2001:db8::/32"));
    assertThat(AddressRange.parse("10.1.2.3/0")).hasToString("0.0.0.0/0");
  }

  @Test
  void ipv6Literals() throws Exception {
    AddressRange doc = AddressRange.parse("2001:db8::/32");
    assertThat(doc.contains(ip("2001:db8:1234::1"))).isTrue();
    assertThat(doc.contains(ip("2001:db9::1"))).isFalse();
    assertThat(AddressRange.parse("fe80::/10").contains(ip("febf::1"))).isTrue();
    assertThat(AddressRange.parse("fe80::/10").contains(ip("fec0::1"))).isFalse();
    assertThat(AddressRange.parse("1:2:3:4:5:6:7:8").network()).isEqualTo(ip("1:2:3:4:5:6:7:8"));
    assertThat(AddressRange.parse("1::").network()).isEqualTo(ip("1::"));
    assertThat(AddressRange.parse("::").network()).isEqualTo(ip("::"));
    assertThat(AddressRange.parse("1:2:3:4:5:6:1.2.3.4").network()).isEqualTo(ip("1:2:3:4:5:6:102:304"));
    assertThat(AddressRange.parse("64:ff9b::192.0.2.1").network()).isEqualTo(ip("64:ff9b::c000:201"));
    assertThat(AddressRange.parse("ABCD::EF/16").network()).isEqualTo(ip("abcd::"));
  }

  @Test
  void ipv6IsWrittenAsRfc5952Says() {
    assertThat(AddressRange.parse("2001:0DB8:0000:0000:0000:0000:0000:0000/32")).hasToString("2001:db8::/32");
    assertThat(AddressRange.parse("::")).hasToString("::/128");
    assertThat(AddressRange.parse("1::")).hasToString("1::/128");
    assertThat(AddressRange.parse("2001:db8:0:1:1:1:1:1")).hasToString("2001:db8:0:1:1:1:1:1/128"); // one zero group stays
    assertThat(AddressRange.parse("2001:0:0:1:0:0:0:1")).hasToString("2001:0:0:1::1/128"); // the longest run
    assertThat(AddressRange.parse("2001:db8:0:0:1:0:0:1")).hasToString("2001:db8::1:0:0:1/128"); // the first of two
    assertThat(AddressRange.parse("fe80::/10")).hasToString("fe80::/10");
  }

  // the copies handed anything made of hex digits and dots to InetAddress.getByName, which looks
  // names up in DNS ("dead.beef") and accepts BSD short forms ("10.1" = 10.0.0.1)
  @ParameterizedTest
  @ValueSource(strings = {"", " ", "example.com", "dead.beef", "cafe", "10", "10.1", "1.2.3",
      "1.2.3.4.5", "256.0.0.1", "010.0.0.1", "1..2.3", "1.2.3.4.", "0x7f.0.0.1", "[::1]",
      "fe80::1%eth0", ":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "g::",
      "1.2.3.4::", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", ":1::", "1::2:", "١٢٣.0.0.1", "ａ::1"})
  void garbageIsRefusedNamingTheInput(String text) {
    assertThatThrownBy(() -> AddressRange.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"")
        .hasMessageContaining("not an IP address");
  }

  // Integer.parseInt let "+8" and "-0" through in all three copies
  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/x", "10.0.0.0/", "10.0.0.0/+8",
      "10.0.0.0/-0", "10.0.0.0/08", "10.0.0.0/8/8", "10.0.0.0/ 8", "::/129", "::/1280"})
  void badPrefixLengthsAreRefused(String text) {
    assertThatThrownBy(() -> AddressRange.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"")
        .hasMessageContaining("prefix length");
  }

  @Test
  void aSetContainsWhatAnyRangeContains() throws Exception {
    AddressRanges set = AddressRanges.parse(List.of("10.1.0.0/16", "192.168.1.7", "::1/128"));
    assertThat(set.contains(ip("10.1.200.3"))).isTrue();
    assertThat(set.contains(ip("10.2.0.1"))).isFalse();
    assertThat(set.contains(ip("192.168.1.7"))).isTrue();
    assertThat(set.contains(ip("192.168.1.8"))).isFalse();
    assertThat(set.contains(ip("::1"))).isTrue();
    assertThat(set.contains(mapped(10, 1, 0, 1))).isTrue();
    assertThat(set).hasToString("10.1.0.0/16,192.168.1.7/32,::1/128");
    assertThat(AddressRanges.NONE.contains(ip("127.0.0.1"))).isFalse();
    assertThat(AddressRanges.NONE.plus(AddressRanges.LOOPBACK).contains(ip("127.9.9.9"))).isTrue();
    assertThatThrownBy(() -> AddressRanges.parse("10.0.0.0/8", "nope"))
        .hasMessageContaining("\"nope\"");
  }
}
