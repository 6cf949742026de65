package org.minternet.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorldZonesTest {
  final WorldZones zones = new WorldZones(WorldFile.defaultWorld());
  final Map<String, String> files = zones.masterFiles(2026112301L);

  @Test
  void rootDelegatesTheTldsWithGlue() {
    String root = files.get(".");
    assertThat(root).contains("$ORIGIN .", "@ IN SOA a.root-servers.net. ", "@ IN NS a.root-servers.net.",
        "edu. IN NS a.gtld-servers.net.", "fr. IN NS b.gtld-servers.net.",
        "a.gtld-servers.net. IN A 127.2.0.1", "a.root-servers.net. IN A 127.1.0.1");
    assertThat(root).doesNotContain("umass.edu. IN NS");
  }

  @Test
  void tldDelegatesDomainsAndHoldsGlueForTheirServers() {
    String edu = files.get("edu");
    assertThat(edu).contains("umass.edu. IN NS dns.umass.edu.", "dns.umass.edu. IN A 127.3.0.1",
        "hamburger.edu. IN NS dns.hamburger.edu.");
    assertThat(edu).doesNotContain("gaia.cs.umass.edu. IN A");
    assertThat(files.get("net")).contains("a.root-servers.net. IN A 127.1.0.1");
  }

  @Test
  void domainsHoldTheirHostsAndMailExchangers() {
    assertThat(files.get("umass.edu")).contains("gaia.cs.umass.edu. IN A 127.4.0.1", "@ IN NS dns.umass.edu.");
    assertThat(files.get("crepes.fr")).contains("crepes.fr. IN MX 10 mail.crepes.fr.", "mail.crepes.fr. IN A 127.5.0.1");
    assertThat(zones.zonesServedBy("a.gtld-servers.net")).containsExactly("com", "net", "org", "edu", "fr");
  }
}
