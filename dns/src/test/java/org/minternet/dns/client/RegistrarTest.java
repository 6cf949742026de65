package org.minternet.dns.client;

import org.minternet.dns.server.Hierarchy;
import org.minternet.dns.server.AuthoritativeServer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.RrTypes;

class RegistrarTest {
  @Test
  void registersADomainWithTheTldAndServesItsNewZone() throws Exception {
    try (Hierarchy world = new Hierarchy();
        AuthoritativeServer newServer = AuthoritativeServer.builder()
            .bind(InetAddress.getByName("127.3.0.7")).port(world.port).start()) {
      InetSocketAddress tld = new InetSocketAddress(InetAddress.getByName(Hierarchy.TLD_ADDR), world.port);
      List<String> ns = List.of("ns.newschool.edu");
      List<InetAddress> addrs = List.of(InetAddress.getByName("127.3.0.7"));
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(b, true, StandardCharsets.UTF_8);
      Registrar.Options o = new Registrar.Options("newschool.edu", ns, addrs, null, tld,
          Hierarchy.REGISTRAR_KEY);
      assertThat(Registrar.run(o, out)).as(b.toString()).isZero();
      assertThat(b.toString()).contains("registered newschool.edu. in edu.");
      // registering twice is refused by the prerequisite (the NS RRset must not exist yet)
      assertThat(Registrar.run(o, out)).isEqualTo(1);
      assertThat(b.toString()).contains("YXRRSET");
      Message referral = DnsClient.query(tld, Message.query(0,
          Question.in(Name.of("www.newschool.edu."), RrTypes.A), false), DnsClient.Options.DEFAULT).response();
      assertThat(referral.authority()).extracting(r -> r.data().toText()).containsExactly("ns.newschool.edu.");
      assertThat(referral.additional()).extracting(r -> r.data().toText()).containsExactly("127.3.0.7");
      newServer.putZone(Registrar.newZone("newschool.edu", ns, addrs, InetAddress.getByName("127.4.0.9")));
      ByteArrayOutputStream trace = new ByteArrayOutputStream();
      int status = Dig.run(DigOptions.of("www.newschool.edu", "A", Hierarchy.ROOT_ADDR, world.port)
          .withTrace(true), new PrintStream(trace, true, StandardCharsets.UTF_8));
      assertThat(status).isZero();
      assertThat(trace.toString()).contains("www.newschool.edu.\t3600\tIN\tA\t127.4.0.9");
      // a wrong key gets nothing in
      Registrar.Options bad = new Registrar.Options("evil.edu", List.of("ns.evil.edu"),
          addrs, null, tld, org.minternet.dns.wire.Tsig.Key.hmacSha256("registrar.", "d3Jvbmc="));
      assertThat(Registrar.run(bad, out)).isEqualTo(1);
    }
  }
}
