package org.minternet.dns.server;

import org.minternet.dns.client.DnsClient;
import org.minternet.dns.client.Registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.Endpoint;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.zone.ZoneException;

class AuthoritativeServerTest {
  @TempDir Path dir;
  AuthoritativeServer server;
  Path zoneFile;
  InetSocketAddress address;

  private static final String ZONE = """
      $TTL 300
      @ SOA ns1 hostmaster %d 3600 900 604800 300
        NS ns1
      ns1 A 192.0.2.53
      www A 192.0.2.%d
      """;

  @BeforeEach
  void start() throws Exception {
    zoneFile = dir.resolve("example.test.zone");
    StringBuilder big = new StringBuilder(ZONE.formatted(1, 1));
    for (int i = 0; i < 50; i++) big.append("many TXT \"").append("x".repeat(40)).append(i).append("\"\n");
    Files.writeString(zoneFile, big);
    server = AuthoritativeServer.builder().host("ns1.example.test").port(0)
        .zoneFile(zoneFile, Name.of("example.test.")).tcpIdleTimeout(Duration.ofSeconds(5)).start();
    address = new InetSocketAddress(server.address(), server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Message ask(String name, int type, boolean tcp) throws Exception {
    return DnsClient.query(address, Message.query(0, Question.in(Name.of(name), type), false),
        DnsClient.Options.DEFAULT.withTcp(tcp)).response();
  }

  @Test
  void reportsItsEndpoints() {
    List<Endpoint> e = server.endpoints();
    assertThat(e).extracting(Endpoint::transport).containsExactly("udp", "tcp");
    assertThat(e).allSatisfy(x -> assertThat(x.port()).isEqualTo(server.port()).isPositive());
    assertThat(e.get(0).host()).isEqualTo("ns1.example.test");
  }

  @Test
  void refusesAPortAlreadyInUse() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AuthoritativeServer.builder()
        .bind(server.address()).port(server.port()).start())
        .isInstanceOf(java.io.IOException.class).hasMessageContaining("cannot listen on udp");
  }

  @Test
  void answersOverUdpAndTcp() throws Exception {
    assertThat(ask("www.example.test.", RrTypes.A, false).answers().get(0).data().toText()).isEqualTo("192.0.2.1");
    assertThat(ask("www.example.test.", RrTypes.A, true).answers().get(0).data().toText()).isEqualTo("192.0.2.1");
  }

  @Test
  void fallsBackToTcpWhenTruncated() throws Exception {
    DnsClient.Exchange e = DnsClient.query(address,
        Message.query(0, Question.in(Name.of("many.example.test."), RrTypes.TXT), false),
        DnsClient.Options.DEFAULT);
    assertThat(e.overTcp()).isTrue();
    assertThat(e.response().answers()).hasSize(50);
    assertThat(e.response().header().tc()).isFalse();
  }

  @Test
  void answersSeveralQueriesOnOneTcpConnection() throws Exception {
    try (Socket s = new Socket(server.address(), server.port())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      // two queries pipelined in one write, then a third after the answers
      byte[] q1 = Message.query(1, Question.in(Name.of("www.example.test."), RrTypes.A), false).encode();
      byte[] q2 = Message.query(2, Question.in(Name.of("nx.example.test."), RrTypes.A), false).encode();
      java.io.ByteArrayOutputStream both = new java.io.ByteArrayOutputStream();
      for (byte[] q : List.of(q1, q2)) {
        both.write(q.length >> 8);
        both.write(q.length);
        both.write(q);
      }
      out.write(both.toByteArray());
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      Message r1 = Message.decode(DnsClient.readMessage(in));
      Message r2 = Message.decode(DnsClient.readMessage(in));
      assertThat(r1.id()).isEqualTo(1);
      assertThat(r1.answers()).hasSize(1);
      assertThat(r2.id()).isEqualTo(2);
      assertThat(r2.rcode()).isEqualTo(Rcode.NXDOMAIN);
      DnsClient.writeMessage(out, Message.query(3, Question.in(Name.of("example.test."), RrTypes.SOA), false).encode());
      assertThat(Message.decode(DnsClient.readMessage(in)).id()).isEqualTo(3);
      // a malformed message gets FORMERR and the connection stays usable
      DnsClient.writeMessage(out, new byte[] {0, 9, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xc0, 12});
      Message err = Message.decode(DnsClient.readMessage(in));
      assertThat(err.id()).isEqualTo(9);
      assertThat(err.rcode()).isEqualTo(Rcode.FORMERR);
      DnsClient.writeMessage(out, q1);
      assertThat(Message.decode(DnsClient.readMessage(in)).id()).isEqualTo(1);
    }
  }

  /**
   * The authoritative server's TCP goes through the same handler as the resolver's: a message that
   * has begun must arrive whole within the message deadline (here 1 s, the idle timeout 30 s), and
   * other clients are served meanwhile.
   */
  @Test
  void aTcpMessageThatStopsHalfwayIsCutOffAtTheDeadline() throws Exception {
    try (AuthoritativeServer s = AuthoritativeServer.builder().host("ns1.example.test").port(0)
        .zoneFile(zoneFile, Name.of("example.test."))
        .tcpLimits(TcpDnsHandler.Limits.DEFAULT.withMessageDeadline(Duration.ofSeconds(1))).start();
        Socket stalled = new Socket(s.address(), s.port())) {
      byte[] q = Message.query(5, Question.in(Name.of("www.example.test."), RrTypes.A), false).encode();
      OutputStream out = stalled.getOutputStream();
      out.write(new byte[] {0, (byte) q.length, q[0], q[1], q[2]});
      out.flush();
      Message other = DnsClient.query(new InetSocketAddress(s.address(), s.port()),
          Message.query(0, Question.in(Name.of("www.example.test."), RrTypes.A), false),
          DnsClient.Options.DEFAULT.withTcp(true)).response();
      assertThat(other.answers()).hasSize(1);
      stalled.setSoTimeout(20_000);
      int first;
      try {
        first = stalled.getInputStream().read();
      } catch (java.net.SocketException e) {
        first = -1;
      }
      assertThat(first).as("closed without an answer").isEqualTo(-1);
    }
  }

  @Test
  void reloadsWithoutDroppingQueries() throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger answered = new AtomicInteger();
    Thread asker = Thread.ofVirtual().start(() -> {
      while (running.get()) {
        try {
          Message m = ask("www.example.test.", RrTypes.A, false);
          if (m.rcode() != Rcode.NOERROR || m.answers().size() != 1) failures.incrementAndGet();
          answered.incrementAndGet();
        } catch (Exception e) {
          failures.incrementAndGet();
        }
      }
    });
    for (int serial = 2; serial < 30; serial++) {
      Files.writeString(zoneFile, ZONE.formatted(serial, serial));
      server.reload();
    }
    running.set(false);
    asker.join();
    assertThat(failures.get()).isZero();
    assertThat(answered.get()).isPositive();
    assertThat(ask("www.example.test.", RrTypes.A, false).answers().get(0).data().toText()).isEqualTo("192.0.2.29");
  }

  @Test
  void keepsServingTheOldZoneWhenAReloadFails() throws Exception {
    Files.writeString(zoneFile, ZONE.formatted(5, 5) + "bad A 999.1.1.1\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(server::reload).isInstanceOf(ZoneException.class)
        .hasMessageContaining("example.test.zone:6:");
    assertThat(ask("www.example.test.", RrTypes.A, false).answers().get(0).data().toText()).isEqualTo("192.0.2.1");
  }

  @Test
  void survivesRandomAndMalformedPacketsThenAnswers() throws Exception {
    Random random = new Random(42); // fixed seed: a failure can be replayed
    byte[] valid = Message.query(7, Question.in(Name.of("www.example.test."), RrTypes.A), false).encode();
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(2000);
      for (int i = 0; i < 3000; i++) {
        byte[] p;
        switch (i % 4) {
          case 0 -> { // random bytes
            p = new byte[random.nextInt(600)];
            random.nextBytes(p);
          }
          case 1 -> { // a valid query cut short
            p = java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
          }
          case 2 -> { // a valid query with bytes flipped
            p = valid.clone();
            for (int k = 0; k < 3; k++) p[random.nextInt(p.length)] = (byte) random.nextInt(256);
          }
          default -> { // lying counts and a compression pointer aimed anywhere
            p = valid.clone();
            p[5] = (byte) random.nextInt(256);
            p[7] = (byte) random.nextInt(256);
            p[12] = (byte) (0xc0 | random.nextInt(64));
            p[13] = (byte) random.nextInt(256);
          }
        }
        s.send(new DatagramPacket(p, p.length, address));
      }
    }
    // whatever the garbage did, the server still answers correctly over UDP and TCP
    assertThat(ask("www.example.test.", RrTypes.A, false).answers()).hasSize(1);
    assertThat(ask("www.example.test.", RrTypes.A, true).answers()).hasSize(1);
  }

  @Test
  void answersAResponsePacketWithSilenceAndUnknownOpcodeWithNotimp() throws Exception {
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(500);
      Message q = Message.query(77, Question.in(Name.of("www.example.test."), RrTypes.A), false);
      byte[] response = q.withHeader(q.header().response(0)).encode();
      s.send(new DatagramPacket(response, response.length, address));
      Header h = new Header(78, false, 3, false, false, false, false, false, false, 0);
      byte[] notimp = q.withHeader(h).encode();
      s.send(new DatagramPacket(notimp, notimp.length, address));
      DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
      s.receive(p);
      Message r = Message.decode(java.util.Arrays.copyOf(p.getData(), p.getLength()));
      assertThat(r.id()).isEqualTo(78); // nothing came back for the response packet
      assertThat(r.rcode()).isEqualTo(Rcode.NOTIMP);
    }
  }

  @Test
  void refusesTransfersToAddressesNotAllowed() throws Exception {
    try (AuthoritativeServer closed = AuthoritativeServer.builder().port(0)
        .zoneFile(zoneFile, Name.of("example.test.")).transferAllowed(a -> false).start()) {
      InetSocketAddress where = new InetSocketAddress(InetAddress.getLoopbackAddress(), closed.port());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> DnsClient.transfer(where,
          Question.in(Name.of("example.test."), RrTypes.AXFR), DnsClient.Options.DEFAULT))
          .hasMessageContaining("REFUSED");
    }
    assertThat(DnsClient.transfer(address, Question.in(Name.of("example.test."), RrTypes.AXFR),
        DnsClient.Options.DEFAULT)).hasSize(55);
  }

  @Test
  void responseRateLimitingDropsAndSlipsBeyondTheRate() throws Exception {
    try (AuthoritativeServer limited = AuthoritativeServer.builder().host("ns1.example.test").port(0)
        .zoneFile(zoneFile, Name.of("example.test.")).rateLimit(5, 2).start();
        java.net.DatagramSocket s = new java.net.DatagramSocket()) {
      InetSocketAddress to = new InetSocketAddress(limited.address(), limited.port());
      byte[] q = Message.query(7, Question.in(Name.of("www.example.test."), RrTypes.A), false).encode();
      for (int i = 0; i < 40; i++) s.send(new java.net.DatagramPacket(q, q.length, to));
      s.setSoTimeout(1000);
      int full = 0;
      int truncated = 0;
      try {
        while (true) {
          java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[1500], 1500);
          s.receive(p);
          Message m = Message.decode(p.getData(), 0, p.getLength());
          if (m.header().tc()) {
            truncated++;
            assertThat(m.answers()).isEmpty();
          } else {
            full++;
          }
        }
      } catch (java.net.SocketTimeoutException done) {
        // every answer that was going to come has come
      }
      assertThat(full).as("full answers").isBetween(1, 20);
      assertThat(truncated).as("slipped answers").isPositive();
      assertThat(full + truncated).as("some dropped").isLessThan(40);
      // TCP is never limited: a real client that got TC=1 gets its answer there
      Message viaTcp = DnsClient.query(to, Message.query(0, Question.in(Name.of("www.example.test."), RrTypes.A),
          false), DnsClient.Options.DEFAULT.withTcp(true)).response();
      assertThat(viaTcp.answers()).hasSize(1);
    }
  }

  @Test
  void aSignedUpdateCreatesAZoneThatSurvivesARestart() throws Exception {
    org.minternet.dns.wire.Tsig.Key key = org.minternet.dns.wire.Tsig.Key.hmacSha256("k",
        java.util.Base64.getEncoder().encodeToString(new byte[32]));
    Path db = dir.resolve("zones.db");
    org.minternet.dns.zone.Zone zone = Registrar.newZone("new.test", List.of("ns1.new.test"),
        List.of(InetAddress.getByName("127.0.0.1")), InetAddress.getByName("192.0.2.7"));
    try (org.minternet.core.store.Store store = org.minternet.core.store.Store.sqlite(db)) {
      AuthoritativeServer s = AuthoritativeServer.builder().host("ns1").port(0).updateKey(key).store(store)
          .zoneFile(zoneFile, Name.of("example.test.")).start();
      InetSocketAddress at = new InetSocketAddress(s.address(), s.port());
      org.minternet.dns.wire.Tsig.Key wrong = org.minternet.dns.wire.Tsig.Key.hmacSha256("k",
          java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4}));
      assertThat(Registrar.createZone(zone, at, wrong)).isEqualTo(org.minternet.dns.wire.Rcode.NOTAUTH);
      assertThat(Registrar.createZone(zone, at, key)).isZero();
      s.close();
      AuthoritativeServer again = AuthoritativeServer.builder().host("ns1").port(0).updateKey(key).store(store)
          .zoneFile(zoneFile, Name.of("example.test.")).start();
      try {
        Message m = DnsClient.query(new InetSocketAddress(again.address(), again.port()),
            Message.query(0, Question.in(Name.of("www.new.test."), RrTypes.A), false), DnsClient.Options.DEFAULT)
            .response();
        assertThat(m.header().aa()).isTrue();
        assertThat(m.answers()).extracting(r -> r.data().toString()).anyMatch(t -> t.contains("192.0.2.7"));
      } finally {
        again.close();
      }
    }
  }

  @Test
  void udpExchangesAreSummarisedInTheTranscript() throws Exception {
    org.minternet.core.tap.Transcript tap = new org.minternet.core.tap.Transcript(100);
    try (AuthoritativeServer s = AuthoritativeServer.builder().host("ns1").port(0).transcript(tap)
        .zoneFile(zoneFile, Name.of("example.test.")).start()) {
      DnsClient.query(new InetSocketAddress(s.address(), s.port()),
          Message.query(4242, Question.in(Name.of("www.example.test."), RrTypes.A), false), DnsClient.Options.DEFAULT);
    }
    assertThat(tap.snapshot()).extracting(org.minternet.core.tap.Transcript.Entry::text)
        .anyMatch(t -> t.contains("QUERY www.example.test. A"))
        .anyMatch(t -> t.contains("NOERROR") && t.contains("answers=1"));
  }
}
