package org.minternet.dns.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.minternet.core.tap.Transcript;
import org.minternet.dns.server.TcpDnsHandler;
import org.minternet.dns.wire.Header;
import org.minternet.dns.client.DnsClient;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Opcode;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.RrTypes;

class ResolverServerTest {
  static TestHierarchy world;

  @BeforeAll
  static void startWorld() throws Exception {
    world = new TestHierarchy();
  }

  @AfterAll
  static void stopWorld() {
    world.close();
  }

  static Message query(int id, String name, int type, boolean rd) {
    return Message.query(id, Question.in(Name.of(name), type), rd);
  }

  static byte[] exchange(DatagramSocket client, byte[] query, InetSocketAddress server)
      throws Exception {
    client.send(new DatagramPacket(query, query.length, server));
    byte[] buf = new byte[65535];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    client.setSoTimeout(5000);
    client.receive(p);
    return java.util.Arrays.copyOf(buf, p.getLength());
  }

  static Message udp(InetSocketAddress server, Message query) throws Exception {
    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return Message.decode(exchange(client, query.encode(), server));
    }
  }

  ResolverServer.Builder server(RecursiveResolver r) {
    return ResolverServer.builder().resolver(r).bind(InetAddress.getLoopbackAddress()).port(0);
  }

  @Test
  void recursiveQueryOverUdpAndTcp() throws Exception {
    Transcript transcript = new Transcript(100);
    try (RecursiveResolver r = world.resolver().build();
        ResolverServer s = server(r).transcript(transcript).start()) {
      InetSocketAddress at = new InetSocketAddress(s.address(), s.port());
      Message m = udp(at, query(4711, "alias.example.com.", RrTypes.A, true));
      assertThat(m.id()).isEqualTo(4711);
      assertThat(m.header().qr()).isTrue();
      assertThat(m.header().ra()).isTrue();
      assertThat(m.header().rd()).isTrue();
      assertThat(m.header().aa()).isFalse();
      assertThat(m.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(m.answers()).extracting(x -> x.data().toText())
          .containsExactly("www.example.org.", "127.77.10.2");
      assertThat(m.edns()).isNotNull();
      assertThat(transcript.snapshot()).anyMatch(e -> e.text().contains("referral to com."));

      try (Socket tcp = new Socket(s.address(), s.port())) {
        byte[] q = query(99, "www.other.com.", RrTypes.A, true).encode();
        OutputStream out = tcp.getOutputStream();
        out.write(new byte[] {(byte) (q.length >> 8), (byte) q.length});
        out.write(q);
        out.flush();
        DataInputStream in = new DataInputStream(tcp.getInputStream());
        byte[] resp = new byte[in.readUnsignedShort()];
        in.readFully(resp);
        Message t = Message.decode(resp);
        assertThat(t.id()).isEqualTo(99);
        assertThat(t.answers()).extracting(x -> x.data().toText()).containsExactly("127.77.10.3");
      }
    }
  }

  @Test
  void nxdomainWithSoaAndRdZeroAnsweredFromTheCacheOnly() throws Exception {
    try (RecursiveResolver r = world.resolver().build(); ResolverServer s = server(r).start()) {
      InetSocketAddress at = new InetSocketAddress(s.address(), s.port());
      Message miss = udp(at, query(1, "www.example.com.", RrTypes.A, false));
      assertThat(miss.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(miss.answers()).isEmpty();
      assertThat(r.fromCache(Name.of("www.example.com."), RrTypes.A)).isNull(); // not resolved

      Message nx = udp(at, query(2, "nothing.example.com.", RrTypes.A, true));
      assertThat(nx.rcode()).isEqualTo(Rcode.NXDOMAIN);
      assertThat(nx.authority()).extracting(x -> x.type()).containsExactly(RrTypes.SOA);

      udp(at, query(3, "www.example.com.", RrTypes.A, true));
      Message hit = udp(at, query(4, "www.example.com.", RrTypes.A, false));
      assertThat(hit.answers()).extracting(x -> x.data().toText()).containsExactly("127.77.10.1");
      Message nx2 = udp(at, query(5, "nothing.example.com.", RrTypes.TXT, false));
      assertThat(nx2.rcode()).isEqualTo(Rcode.NXDOMAIN);
    }
  }

  @Test
  void clientsOutsideTheAllowedNetworksAreRefused() throws Exception {
    try (RecursiveResolver r = world.resolver().build();
        ResolverServer s = server(r).allowOnly(List.of("127.0.0.2/32")).start()) {
      InetSocketAddress at = new InetSocketAddress(s.address(), s.port());
      Message refused = udp(at, query(7, "www.example.com.", RrTypes.A, true));
      assertThat(refused.rcode()).isEqualTo(Rcode.REFUSED);
      assertThat(refused.header().ra()).isFalse();
      assertThat(refused.answers()).isEmpty();
      try (DatagramSocket allowed = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
        Message ok = Message.decode(exchange(allowed,
            query(8, "www.example.com.", RrTypes.A, true).encode(), at));
        assertThat(ok.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ok.answers()).hasSize(1);
      }
    }
  }

  @Test
  void aMappedRangeWithHostBitsAndSpacesAllowsItsClients() throws Exception {
    // ::ffff:127.0.0.3/127 is 127.0.0.2/31: 127.0.0.2 is served, loopback 127.0.0.1 is not
    try (RecursiveResolver r = world.resolver().build();
        ResolverServer s = server(r).allowOnly(List.of(" ::ffff:127.0.0.3/127 ")).start()) {
      InetSocketAddress at = new InetSocketAddress(s.address(), s.port());
      assertThat(udp(at, query(7, "www.example.com.", RrTypes.A, true)).rcode()).isEqualTo(Rcode.REFUSED);
      try (DatagramSocket allowed = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
        Message ok = Message.decode(exchange(allowed,
            query(8, "www.example.com.", RrTypes.A, true).encode(), at));
        assertThat(ok.rcode()).isEqualTo(Rcode.NOERROR);
      }
    }
  }

  @Test
  void rateLimitDropsAndSlipsTruncatedAnswers() throws Exception {
    try (RecursiveResolver r = world.resolver().build();
        ResolverServer s = server(r).rateLimit(3, 2).start()) {
      InetSocketAddress at = new InetSocketAddress(s.address(), s.port());
      try (DatagramSocket c = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        c.setSoTimeout(1000);
        byte[] q = query(9, "www.example.com.", RrTypes.A, true).encode();
        exchange(c, q, at); // resolves and warms the cache (uses one token)
        for (int i = 0; i < 20; i++) c.send(new DatagramPacket(q, q.length, at));
        int full = 0;
        int truncated = 0;
        byte[] buf = new byte[4096];
        while (true) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          try {
            c.receive(p);
          } catch (SocketTimeoutException e) {
            break;
          }
          Message m = Message.decode(buf, 0, p.getLength());
          if (m.header().tc()) {
            truncated++;
            assertThat(m.answers()).isEmpty();
          } else {
            full++;
          }
        }
        assertThat(full).isLessThan(20);
        assertThat(truncated).isPositive();
        assertThat(full + truncated).isLessThan(20);
      }
    }
  }

  @Test
  void malformedAndUnsupportedQueriesGetErrorsAndTheServerKeepsServing() throws Exception {
    try (RecursiveResolver r = world.resolver().build(); ResolverServer s = server(r).start()) {
      InetSocketAddress at = new InetSocketAddress(s.address(), s.port());
      try (DatagramSocket c = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        // header claims one question that is not there
        byte[] bad = HexFormat.of().parseHex("abcd01000001000000000000");
        Message formerr = Message.decode(exchange(c, bad, at));
        assertThat(formerr.id()).isEqualTo(0xabcd);
        assertThat(formerr.rcode()).isEqualTo(Rcode.FORMERR);
        // a response sent to us is ignored; short garbage too
        c.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, at));
        Message notify = query(10, "example.com.", RrTypes.SOA, false);
        Header h = notify.header();
        notify = notify.withHeader(new Header(h.id(), false, Opcode.NOTIFY, false, false, false,
            false, false, false, 0));
        assertThat(Message.decode(exchange(c, notify.encode(), at)).rcode()).isEqualTo(Rcode.NOTIMP);
        Message axfr = Message.decode(exchange(c,
            query(11, "example.com.", RrTypes.AXFR, true).encode(), at));
        assertThat(axfr.rcode()).isEqualTo(Rcode.NOTIMP);
        Message ok = Message.decode(exchange(c,
            query(12, "www.example.com.", RrTypes.A, true).encode(), at));
        assertThat(ok.id()).isEqualTo(12);
        assertThat(ok.answers()).hasSize(1);
      }
    }
  }

  /**
   * Regression: the resolver's own TCP loop had no deadline for a message, only the idle timeout
   * between bytes, so a client sending one byte a second held its connection (and a slot) for as
   * long as it liked. Now the whole message must arrive within the deadline once it has begun.
   */
  @Test
  void slowDripTcpClientIsCutOffAtTheMessageDeadlineWhileOthersAreServed() throws Exception {
    TcpDnsHandler.Limits limits = ResolverServer.TCP_LIMITS.withMessageDeadline(Duration.ofSeconds(2));
    try (RecursiveResolver r = world.resolver().build(); ResolverServer s = server(r).tcpLimits(limits).start()) {
      java.io.ByteArrayOutputStream framing = new java.io.ByteArrayOutputStream();
      DnsClient.writeMessage(framing, query(21, "www.example.com.", RrTypes.A, true).encode());
      byte[] frame = framing.toByteArray();
      AtomicInteger sent = new AtomicInteger();
      try (Socket slow = new Socket(s.address(), s.port())) {
        OutputStream out = slow.getOutputStream();
        Thread drip = Thread.ofVirtual().start(() -> {
          try {
            for (byte b : frame) {
              out.write(b);
              out.flush();
              sent.incrementAndGet();
              Thread.sleep(1000);
            }
          } catch (IOException | InterruptedException e) {
            // cut off by the server: what the test expects
          }
        });
        // meanwhile another client is served
        try (Socket other = new Socket(s.address(), s.port())) {
          other.setSoTimeout(10_000);
          DnsClient.writeMessage(other.getOutputStream(), query(22, "www.other.com.", RrTypes.A, true).encode());
          Message m = Message.decode(DnsClient.readMessage(other.getInputStream()));
          assertThat(m.id()).isEqualTo(22);
          assertThat(m.answers()).hasSize(1);
        }
        slow.setSoTimeout(60_000);
        int first;
        try {
          first = slow.getInputStream().read();
        } catch (SocketException e) {
          first = -1; // reset: closed as well
        }
        drip.interrupt();
        drip.join();
        assertThat(first).as("the server closes the connection without an answer").isEqualTo(-1);
        assertThat(sent.get()).as("cut off before the whole message was sent").isLessThan(frame.length);
      }
    }
  }

  /**
   * Pipelined queries on one TCP connection are resolved at once: the one that waits for a dead
   * server does not hold up the answers behind it (RFC 7766 §6.2.1.1), and all get answered.
   */
  @Test
  void pipelinedTcpQueriesAreAnsweredAsEachIsDone() throws Exception {
    try (DatagramSocket deadRoot = new DatagramSocket(0, InetAddress.getByName(TestHierarchy.DEAD));
        RecursiveResolver r = RecursiveResolver.builder().rootServers(List.of(deadRoot.getLocalAddress()))
            .authorityPort(deadRoot.getLocalPort()).queryTimeout(Duration.ofMillis(300)).prefetch(false)
            .serveStale(false).build();
        ResolverServer s = server(r).start();
        Socket c = new Socket(s.address(), s.port())) {
      c.setSoTimeout(30_000);
      java.io.ByteArrayOutputStream pipelined = new java.io.ByteArrayOutputStream();
      DnsClient.writeMessage(pipelined, query(31, "www.example.com.", RrTypes.A, true).encode());
      DnsClient.writeMessage(pipelined, query(32, "example.com.", RrTypes.AXFR, true).encode());
      DnsClient.writeMessage(pipelined, HexFormat.of().parseHex("abcd01000001000000000000"));
      OutputStream out = c.getOutputStream();
      out.write(pipelined.toByteArray());
      out.flush();
      List<Message> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) answers.add(Message.decode(DnsClient.readMessage(c.getInputStream())));
      assertThat(answers).extracting(Message::id).containsExactlyInAnyOrder(31, 32, 0xabcd);
      assertThat(answers.get(2).id()).as("the query waiting for the dead root is answered last").isEqualTo(31);
      assertThat(answers.get(2).rcode()).isEqualTo(Rcode.SERVFAIL);
      assertThat(answers).filteredOn(m -> m.id() == 32).extracting(Message::rcode).containsExactly(Rcode.NOTIMP);
      assertThat(answers).filteredOn(m -> m.id() == 0xabcd).extracting(Message::rcode).containsExactly(Rcode.FORMERR);
      // the connection keeps serving
      DnsClient.writeMessage(out, query(33, "example.com.", RrTypes.AXFR, true).encode());
      assertThat(Message.decode(DnsClient.readMessage(c.getInputStream())).id()).isEqualTo(33);
    }
  }

  /**
   * TCP queries count against the same bound on resolutions in progress as UDP ones: with one
   * resolution at a time and that one waiting for the root, a second query is answered SERVFAIL
   * at once and never sent upstream.
   */
  @Test
  void tcpResolutionsShareTheBoundOnResolutionsInProgress() throws Exception {
    try (DatagramSocket root = new DatagramSocket(0, InetAddress.getByName(TestHierarchy.DEAD));
        RecursiveResolver r = RecursiveResolver.builder().rootServers(List.of(root.getLocalAddress()))
            .authorityPort(root.getLocalPort()).queryTimeout(Duration.ofMillis(500)).prefetch(false)
            .serveStale(false).build();
        ResolverServer s = server(r).maxConcurrent(1).start();
        Socket first = new Socket(s.address(), s.port());
        Socket second = new Socket(s.address(), s.port())) {
      DnsClient.writeMessage(first.getOutputStream(), query(41, "www.one.", RrTypes.A, true).encode());
      root.setSoTimeout(10_000);
      byte[] buf = new byte[512];
      root.receive(new DatagramPacket(buf, buf.length)); // the first resolution is under way
      DnsClient.writeMessage(second.getOutputStream(), query(42, "www.two.", RrTypes.A, true).encode());
      second.setSoTimeout(10_000);
      Message refused = Message.decode(DnsClient.readMessage(second.getInputStream()));
      assertThat(refused.id()).isEqualTo(42);
      assertThat(refused.rcode()).isEqualTo(Rcode.SERVFAIL);
      first.setSoTimeout(30_000);
      assertThat(Message.decode(DnsClient.readMessage(first.getInputStream())).id()).isEqualTo(41);
      // everything the root was asked came from the first query
      root.setSoTimeout(200);
      try {
        while (true) {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          root.receive(p);
          assertThat(Message.decode(buf, 0, p.getLength()).question().name().toString()).doesNotContain("two");
        }
      } catch (SocketTimeoutException e) {
        // no more queries
      }
    }
  }
}
