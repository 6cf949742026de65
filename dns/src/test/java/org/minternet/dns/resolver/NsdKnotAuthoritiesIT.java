package org.minternet.dns.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.naming.MailExchanger;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.RrTypes;

/**
 * Our resolver against authorities nobody here wrote: the root and example.com served by NSD,
 * com by Knot DNS (Debian's nsd and knot packages), each on its own loopback address.
 */
class NsdKnotAuthoritiesIT {
  static final String ROOT = "127.78.0.1";
  static final String COM = "127.78.0.2";
  static final String EXAMPLE = "127.78.0.3";

  @TempDir
  static Path dir;
  static int port;
  static Process nsdRoot;
  static Process knot;
  static Process nsdExample;

  @BeforeAll
  static void start() throws Exception {
    Programs.require("nsd");
    Programs.require("knotd");
    try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(ROOT, 0))) {
      port = probe.getLocalPort();
    }
    nsdRoot = nsd("root", ROOT, ".", """
        $TTL 86400
        @ SOA a.root. hostmaster.root. 1 3600 900 604800 3600
        @ NS a.root.
        a.root. A 127.78.0.1
        com. NS a.tld.
        a.tld. A 127.78.0.2
        """);
    Path k = Files.createDirectories(dir.resolve("knot"));
    Files.writeString(k.resolve("com.zone"), """
        $ORIGIN com.
        $TTL 86400
        @ SOA a.tld. hostmaster.tld. 1 3600 900 604800 900
        @ NS a.tld.
        example NS ns1.example
        ns1.example A 127.78.0.3
        """);
    Files.writeString(k.resolve("knot.conf"), """
        server:
            listen: %s@%d
            rundir: "%s"
        log:
          - target: stderr
            any: info
        database:
            storage: "%s"
        zone:
          - domain: com
            storage: "%s"
            file: "com.zone"
        """.formatted(COM, port, k, k, k));
    knot = Programs.start(k.resolve("knot.log"), "knotd", "-c", k.resolve("knot.conf").toString());
    nsdExample = nsd("example", EXAMPLE, "example.com.", """
        $TTL 3600
        @ SOA ns1 hostmaster 7 3600 900 604800 120
        @ NS ns1
        @ MX 10 mail
        ns1 A 127.78.0.3
        www A 192.0.2.1
        mail A 192.0.2.25
        alias CNAME www
        @ TXT "hello from nsd"
        """);
    Programs.expect(ready(ROOT, "."), "NSD did not start: " + Files.readString(dir.resolve("root/nsd.log")));
    Programs.expect(ready(COM, "com."), "Knot did not start: " + Files.readString(k.resolve("knot.log")));
    Programs.expect(ready(EXAMPLE, "example.com."), "NSD did not start");
  }

  static Process nsd(String id, String address, String origin, String zone) throws Exception {
    Path d = Files.createDirectories(dir.resolve(id));
    Files.writeString(d.resolve("zone"), zone);
    Files.writeString(d.resolve("nsd.conf"), """
        server:
            ip-address: %s@%d
            do-ip6: no
            username: ""
            chroot: ""
            zonesdir: "%s"
            database: ""
            zonelistfile: "%s/zone.list"
            xfrdfile: "%s/xfrd.state"
            pidfile: "%s/nsd.pid"
            verbosity: 1
        remote-control:
            control-enable: no
        zone:
            name: "%s"
            zonefile: "zone"
        """.formatted(address, port, d, d, d, d, origin));
    return Programs.start(d.resolve("nsd.log"), "nsd", "-d", "-c", d.resolve("nsd.conf").toString());
  }

  /** Polls the server with an SOA query until it answers (at most about 10 s). */
  static boolean ready(String address, String zone) throws Exception {
    byte[] q = Message.query(1, Question.in(Name.of(zone), RrTypes.SOA), false).encode();
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(200);
      for (int i = 0; i < 50; i++) {
        s.send(new DatagramPacket(q, q.length, new InetSocketAddress(address, port)));
        try {
          byte[] buf = new byte[4096];
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          s.receive(p);
          if (Message.decode(buf, 0, p.getLength()).rcode() == Rcode.NOERROR) return true;
        } catch (java.io.IOException e) {
          Thread.sleep(100);
        }
      }
    }
    return false;
  }

  @AfterAll
  static void stop() throws Exception {
    Programs.stop(nsdRoot);
    Programs.stop(knot);
    Programs.stop(nsdExample);
  }

  RecursiveResolver resolver() throws Exception {
    return RecursiveResolver.builder().rootServers(List.of(InetAddress.getByName(ROOT)))
        .authorityPort(port).queryTimeout(Duration.ofSeconds(1)).build();
  }

  @Test
  void resolvesThroughNsdAndKnot() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("www.example.com."), RrTypes.A, true);
      assertThat(res.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(res.records()).extracting(x -> x.data().toText()).containsExactly("192.0.2.1");
      assertThat(res.trace()).extracting(s -> s.server().getAddress().getHostAddress())
          .containsExactly(ROOT, COM, EXAMPLE);
      assertThat(res.trace().get(0).outcome()).startsWith("referral to com.");
      assertThat(res.trace().get(1).outcome()).startsWith("referral to example.com.");

      Resolution alias = r.resolve(Name.of("alias.example.com."), RrTypes.A);
      assertThat(alias.answers()).extracting(x -> x.data().toText())
          .containsExactly("www.example.com.", "192.0.2.1");
      assertThat(r.mailExchangers("example.com")).containsExactly(
          new MailExchanger(10, "mail.example.com"));
      assertThat(r.txt("example.com")).containsExactly("hello from nsd");
    }
  }

  @Test
  void negativeAnswersFromNsdAreCached() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution nx = r.resolve(Name.of("nope.example.com."), RrTypes.A, true);
      assertThat(nx.rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(nx.authority()).extracting(x -> x.type()).containsExactly(RrTypes.SOA);
      Resolution again = r.resolve(Name.of("nope.example.com."), RrTypes.A, true);
      assertThat(again.rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(again.trace()).allMatch(s -> s.server() == null);
      Resolution nodata = r.resolve(Name.of("www.example.com."), RrTypes.AAAA);
      assertThat(nodata.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(nodata.answers()).isEmpty();
      assertThat(nodata.authority()).hasSize(1);
      Resolution nxTld = r.resolve(Name.of("www.nowhere.com."), RrTypes.A);
      assertThat(nxTld.rcode()).isEqualTo(Rcode.NXDOMAIN);
    }
  }
}
