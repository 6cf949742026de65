package org.minternet.dns.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.SoaRData;

class ZoneFileTest {
  private static final Name ORIGIN = Name.of("example.com.");

  static Path resource(String name) throws Exception {
    return Path.of(ZoneFileTest.class.getResource("/zones/" + name).toURI());
  }

  private static String texts(Zone z, String name, int type) {
    RRset s = z.rrset(Name.of(name), type);
    return s == null ? null : String.join(" | ", s.data().stream().map(d -> d.toText()).toList());
  }

  @Test
  void readsTheWholeSyntax() throws Exception {
    Zone z = ZoneFile.load(resource("example.com.zone"), ORIGIN);
    SoaRData soa = z.soa();
    assertThat(soa.serial()).isEqualTo(2024010101L);
    assertThat(soa.expire()).isEqualTo(604800);
    assertThat(soa.minimum()).isEqualTo(300);
    assertThat(soa.mname()).isEqualTo(Name.of("ns1.example.com."));
    assertThat(z.soaRecord().ttl()).isEqualTo(3600);
    assertThat(texts(z, "example.com.", RrTypes.NS)).isEqualTo("ns1.example.com. | ns2.example.net.");
    assertThat(texts(z, "example.com.", RrTypes.TXT))
        .isEqualTo("\"v=spf1 mx -all\" \"with \\\"quotes\\\" and \\\\ ; not a comment\"");
    assertThat(z.rrset(Name.of("mail.example.com."), RrTypes.A).ttl()).isEqualTo(600);
    assertThat(texts(z, "www.example.com.", RrTypes.A)).isEqualTo("192.0.2.80 | 192.0.2.81");
    assertThat(texts(z, "www.example.com.", RrTypes.AAAA)).isEqualTo("2001:db8::80");
    assertThat(z.rrset(Name.of("ftp.example.com."), RrTypes.CNAME).ttl()).isEqualTo(120);
    assertThat(texts(z, "*.wild.example.com.", RrTypes.TXT)).isEqualTo("\"wildcard\"");
    assertThat(texts(z, "_sip._udp.example.com.", RrTypes.SRV)).isEqualTo("10 20 5060 www.example.com.");
    assertThat(texts(z, "odd.example.com.", 65280)).isEqualTo("\\# 3 abcdef");
    assertThat(texts(z, "a\\.dot.example.com.", RrTypes.TXT)).isEqualTo("\"dotted\"");
    assertThat(texts(z, "h2.example.com.", RrTypes.A)).isEqualTo("198.51.100.2");
    assertThat(texts(z, "h3.other.example.com.", RrTypes.A)).isEqualTo("198.51.100.3");
    assertThat(texts(z, "other.example.com.", RrTypes.TXT)).isEqualTo("\"in other\"");
    // the origin returns to the including file's after $INCLUDE
    assertThat(texts(z, "after.example.com.", RrTypes.A)).isEqualTo("192.0.2.200");
    assertThat(z.exists(Name.of("wild.example.com."))).isTrue(); // empty non-terminal
  }

  @Test
  void writesAZoneFileThatReadsBackTheSame() throws Exception {
    Zone z = ZoneFile.load(resource("example.com.zone"), ORIGIN);
    Zone again = ZoneFile.parse(z.toZoneFile(), ORIGIN, "written");
    assertThat(again.records()).containsExactlyInAnyOrderElementsOf(z.records());
  }

  private static String error(String text) {
    try {
      ZoneFile.parse(text, ORIGIN, "t.zone");
      return "no error";
    } catch (ZoneException e) {
      return e.getMessage();
    }
  }

  private static final String HEAD = "$TTL 60\n@ SOA ns h 1 2 3 4 5\n NS ns\nns A 192.0.2.1\n";

  @Test
  void namesTheFileAndLineOfSyntaxErrors() {
    assertThat(error(HEAD + "www A 192.0.2.300\n")).isEqualTo("t.zone:5: bad IPv4 address: 192.0.2.300");
    assertThat(error(HEAD + "www BOGUS x\n")).isEqualTo("t.zone:5: unknown type BOGUS");
    assertThat(error(HEAD + "www 60 IN\n")).isEqualTo("t.zone:5: missing type");
    assertThat(error(HEAD + "\nwww TXT \"open\n")).isEqualTo("t.zone:6: unterminated quoted string");
    assertThat(error(HEAD + "www MX ( 10\n mail\n")).startsWith("t.zone:5: unbalanced (");
    assertThat(error(HEAD + "$GENERATE 1-2 x A 1.2.3.4\n")).isEqualTo("t.zone:5: unknown directive $GENERATE");
    assertThat(error(HEAD + "www CH A 1.2.3.4\n")).isEqualTo("t.zone:5: only class IN is served");
    assertThat(error(HEAD + "a..b A 1.2.3.4\n")).startsWith("t.zone:5: empty label");
    assertThat(error("www A 192.0.2.1\n")).isEqualTo("t.zone:1: no TTL and no $TTL");
    assertThat(error(HEAD + "$INCLUDE x\n")).isEqualTo("t.zone:5: $INCLUDE not allowed here");
  }

  @Test
  void checksTheZone() {
    assertThat(error("$TTL 60\nns A 192.0.2.1\n")).contains("no SOA record at the apex")
        .contains("no NS records at the apex");
    assertThat(error(HEAD + "www CNAME ns\nwww A 192.0.2.2\n")).contains("www.example.com. has a CNAME and other data");
    assertThat(error(HEAD + "www.example.org. A 192.0.2.2\n")).contains("outside the zone");
    assertThat(error(HEAD + "sub NS ns.sub\n")).contains("no glue (A/AAAA) for the name server ns.sub.example.com.");
    assertThat(error(HEAD + "sub SOA ns h 1 2 3 4 5\n")).contains("SOA record not at the apex");
    assertThat(error(HEAD.replace(" NS ns\n", " NS ns\n") + "@ SOA ns2 h 1 2 3 4 5\n")).contains("more than one SOA");
    assertThat(error(HEAD)).isEqualTo("no error");
  }

  @Test
  void refusesIncludeLoops(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.zone"), HEAD + "$INCLUDE a.zone\n");
    assertThatThrownBy(() -> ZoneFile.load(dir.resolve("a.zone"), ORIGIN))
        .isInstanceOf(ZoneException.class).hasMessageContaining("nested too deeply");
  }

  @Test
  void buildsZonesProgrammatically() throws Exception {
    Zone z = Zone.builder(Name.of("edu."))
        .add("@", 86400, "SOA", "a.edu-servers.net. admin.edu. 1 7200 900 1209600 3600")
        .add("@", 86400, "NS", "a.edu-servers.net.")
        .add("umass", 86400, "NS", "dns.umass")
        .add("dns.umass", 86400, "A", "127.3.0.1")
        .delegate(Name.of("poly.edu."), 86400, Name.of("dns.poly.edu."), java.net.InetAddress.getByName("127.3.0.2"))
        .delegate(Name.of("mit.edu."), 86400, Name.of("ns.example.net."), java.net.InetAddress.getByName("127.3.0.3"))
        .build();
    assertThat(texts(z, "dns.poly.edu.", RrTypes.A)).isEqualTo("127.3.0.2");
    assertThat(texts(z, "mit.edu.", RrTypes.NS)).isEqualTo("ns.example.net.");
    assertThat(z.rrset(Name.of("ns.example.net."), RrTypes.A)).isNull(); // out of the zone: no glue
    assertThat(z.rrset(Name.of("umass.edu."), RrTypes.NS).data()).hasSize(1);
    assertThat(z.records()).hasSize(7);
    assertThat(z.records().get(0).type()).isEqualTo(RrTypes.SOA);
  }
}
