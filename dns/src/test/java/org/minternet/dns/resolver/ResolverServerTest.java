package org.minternet.dns.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.minternet.core.tap.Transcript;
import org.minternet.dns.wire.Header;
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
}
