package org.minternet.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.store.Store;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Tsig;
import org.minternet.dns.zone.Zone;

/** BIND's nsupdate changes a zone with a TSIG key; a secondary follows; dig transfers it. */
class NsupdateIT {
  static final String SECRET = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=";

  @Test
  void nsupdateChangesTheZoneAndTheSecondaryFollows(@TempDir Path dir) throws Exception {
    Tools.require("nsupdate");
    Tools.require("dig");
    Name origin = Name.of("dyn.test.");
    Zone zone = Zone.builder(origin).add("@", 300, "SOA", "ns hm 10 3600 600 86400 60")
        .add("@", 300, "NS", "ns").add("ns", 300, "A", "127.0.0.1").build();
    InetAddress primaryAddr = InetAddress.getByName("127.3.1.1");
    InetAddress secondaryAddr = InetAddress.getByName("127.3.1.2");
    int port;
    try (DatagramSocket probe = new DatagramSocket(0, primaryAddr)) {
      port = probe.getLocalPort();
    }
    try (Store store = Store.sqlite(dir.resolve("dns.db"));
        AuthoritativeServer primary = AuthoritativeServer.builder().bind(primaryAddr).port(port)
            .zone(zone).store(store).updateKey(Tsig.Key.hmacSha256("update-key.", SECRET))
            .notify(new InetSocketAddress(secondaryAddr, port)).start();
        AuthoritativeServer secondary = AuthoritativeServer.builder().bind(secondaryAddr).port(port)
            .secondary(origin, new InetSocketAddress(primaryAddr, port)).start()) {
      waitFor(() -> secondary.zone(origin) != null);
      String script = """
          server 127.3.1.1 %d
          zone dyn.test.
          update add www.dyn.test. 300 A 192.0.2.80
          update add dyn.test. 300 MX 10 mail.dyn.test.
          send
          """.formatted(port);
      String out = Tools.runWithInput(script, "nsupdate", "-y", "hmac-sha256:update-key:" + SECRET);
      assertThat(out).endsWith("exit=0");
      String p = String.valueOf(port);
      assertThat(Tools.run("dig", "@127.3.1.1", "-p", p, "+norec", "www.dyn.test", "A"))
          .containsPattern("www\\.dyn\\.test\\.\\s+300\\s+IN\\s+A\\s+192\\.0\\.2\\.80");
      assertThat(primary.zone(origin).serial()).isEqualTo(11);
      // a wrong key is refused and changes nothing
      String bad = Tools.runWithInput(script.replace("www", "evil"), "nsupdate", "-y",
          "hmac-sha256:update-key:d3Jvbmctc2VjcmV0");
      assertThat(bad).doesNotEndWith("exit=0");
      assertThat(primary.zone(origin).serial()).isEqualTo(11);
      // the secondary got the NOTIFY (its REFRESH is an hour) and transferred the zone
      waitFor(() -> secondary.zone(origin).serial() == 11);
      assertThat(Tools.run("dig", "@127.3.1.2", "-p", p, "+norec", "www.dyn.test", "A"))
          .containsPattern("flags: qr aa;").contains("192.0.2.80");
      String axfr = Tools.run("dig", "@127.3.1.2", "-p", p, "dyn.test", "AXFR");
      assertThat(axfr).contains("XFR size: 6 records").containsPattern("MX\\s+10 mail\\.dyn\\.test\\.");
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) Thread.sleep(50);
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
