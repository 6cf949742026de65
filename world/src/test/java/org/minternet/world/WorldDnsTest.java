package org.minternet.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.minternet.core.Endpoint;
import org.minternet.dns.wire.ARData;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.NsRData;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;

/** Following the world's referrals by hand, from the root to the answer (the iterated query). */
@MinternetWorld
class WorldDnsTest {
  private static Message ask(InetAddress server, int port, String name) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(3000);
      byte[] q = Message.query(4242, Question.in(Name.of(name), RrTypes.A), false).encode();
      s.send(new DatagramPacket(q, q.length, new InetSocketAddress(server, port)));
      DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
      s.receive(p);
      return Message.decode(p.getData(), 0, p.getLength());
    }
  }

  private static long soaSerial(Endpoint server, String zone) throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(3000);
      byte[] q = Message.query(4343, Question.in(Name.of(zone), RrTypes.SOA), false).encode();
      s.send(new DatagramPacket(q, q.length, new InetSocketAddress(server.address(), server.port())));
      DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
      s.receive(p);
      Message m = Message.decode(p.getData(), 0, p.getLength());
      return ((org.minternet.dns.wire.SoaRData) m.answers().get(0).data()).serial();
    }
  }

  private static InetAddress glueFor(Message referral) {
    Record ns = referral.authority().stream().filter(r -> r.type() == RrTypes.NS).findFirst().orElseThrow();
    Name target = ((NsRData) ns.data()).target();
    return referral.additional().stream().filter(r -> r.name().equals(target) && r.type() == RrTypes.A)
        .map(r -> (InetAddress) ((ARData) r.data()).address()).findFirst().orElseThrow();
  }

  @Test
  void referralsFromTheRootLeadToTheAnswer(World world) throws Exception {
    Endpoint root = world.require("a.root-servers.net", "dns");
    int port = root.port();
    Message fromRoot = ask(root.address(), port, "www.someschool.edu.");
    assertThat(fromRoot.answers()).isEmpty();
    assertThat(fromRoot.authority()).extracting(r -> r.name().toString()).contains("edu.");
    Message fromTld = ask(glueFor(fromRoot), port, "www.someschool.edu.");
    assertThat(fromTld.authority()).extracting(r -> r.name().toString()).contains("someschool.edu.");
    Message answer = ask(glueFor(fromTld), port, "www.someschool.edu.");
    assertThat(answer.header().aa()).isTrue();
    assertThat(answer.answers()).singleElement()
        .extracting(r -> ((ARData) r.data()).address().getHostAddress()).isEqualTo("127.4.0.2");
  }

  @Test
  void registeringADomainUpdatesTheTldAndItsSecondary(World world) throws Exception {
    Endpoint primary = world.require("a.gtld-servers.net", "dns");
    Endpoint secondary = world.require("b.gtld-servers.net", "dns");
    // the secondary serves the primary's version, whatever second each of them started in
    long primarySerial = soaSerial(primary, "edu.");
    for (int i = 0; i < 100 && soaSerial(secondary, "edu.") != primarySerial; i++) Thread.sleep(100);
    assertThat(soaSerial(secondary, "edu.")).isEqualTo(primarySerial);
    org.minternet.dns.wire.Tsig.Key key =
        org.minternet.world.services.DnsServices.updateKey(world.options().dataDir());
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int rc = org.minternet.dns.client.Registrar.run(new org.minternet.dns.client.Registrar.Options("newschool.edu",
        java.util.List.of("dns.newschool.edu"), java.util.List.of(InetAddress.getByName("127.3.9.1")), null,
        new InetSocketAddress(primary.address(), primary.port()), key), new java.io.PrintStream(out, true));
    assertThat(rc).as(out.toString()).isZero();
    assertThat(ask(primary.address(), primary.port(), "www.newschool.edu.").authority())
        .extracting(r -> r.name().toString()).contains("newschool.edu.");
    // NOTIFY makes the secondary transfer the new edu zone at once
    boolean seen = false;
    for (int i = 0; i < 100 && !seen; i++) {
      seen = ask(secondary.address(), secondary.port(), "www.newschool.edu.").authority().stream()
          .anyMatch(r -> r.name().toString().equals("newschool.edu."));
      if (!seen) Thread.sleep(100);
    }
    assertThat(seen).as("secondary has the delegation").isTrue();
  }

  @Test
  void aNewDomainCreatedAndRegisteredResolvesThroughTheWorld(World world) throws Exception {
    Endpoint tld = world.require("a.gtld-servers.net", "dns");
    Endpoint host = world.require("dns.someschool.edu", "dns");
    org.minternet.dns.wire.Tsig.Key key =
        org.minternet.world.services.DnsServices.updateKey(world.options().dataDir());
    java.util.List<String> ns = java.util.List.of("dns.otherschool.edu");
    java.util.List<InetAddress> addrs = java.util.List.of(host.address());
    org.minternet.dns.zone.Zone zone = org.minternet.dns.client.Registrar.newZone("otherschool.edu", ns, addrs,
        InetAddress.getByName("127.4.0.9"));
    assertThat(org.minternet.dns.client.Registrar.createZone(zone, new InetSocketAddress(host.address(), host.port()), key))
        .isZero();
    int rc = org.minternet.dns.client.Registrar.run(new org.minternet.dns.client.Registrar.Options("otherschool.edu",
        ns, addrs, null, new InetSocketAddress(tld.address(), tld.port()), key),
        new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true));
    assertThat(rc).isZero();
    assertThat(world.resolver().addresses("www.otherschool.edu"))
        .extracting(InetAddress::getHostAddress).containsExactly("127.4.0.9");
  }
}
