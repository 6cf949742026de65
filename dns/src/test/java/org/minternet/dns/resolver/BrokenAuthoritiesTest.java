package org.minternet.dns.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minternet.dns.server.AuthoritativeServer;
import org.minternet.dns.wire.ARData;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;

/**
 * Authorities that misbehave: one answers with malformed messages (the other server of its zone
 * must be asked), one rejects EDNS with a bare FORMERR (it must be asked again without).
 */
class BrokenAuthoritiesTest {
  AuthoritativeServer root;
  AuthoritativeServer good;
  DatagramSocket garbage;
  DatagramSocket oldServer;
  DatagramSocket flaky;
  Thread flakyThread;
  Thread garbageThread;
  Thread oldThread;

  @BeforeEach
  void start() throws Exception {
    root = AuthoritativeServer.builder().bind(InetAddress.getByName("127.77.4.1")).port(0)
        .zone(TestHierarchy.zone(".", """
            $TTL 86400
            @ SOA a.root. hm.root. 1 3600 900 604800 3600
              NS a.root.
            a.root. A 127.77.4.1
            mixed.test. NS ns1.mixed.test.
            mixed.test. NS ns2.mixed.test.
            ns1.mixed.test. A 127.77.4.2
            ns2.mixed.test. A 127.77.4.3
            old.test. NS ns.old.test.
            ns.old.test. A 127.77.4.4
            flaky.test. NS ns.flaky.test.
            ns.flaky.test. A 127.77.4.5
            """)).start();
    int port = root.port();
    good = AuthoritativeServer.builder().bind(InetAddress.getByName("127.77.4.3")).port(port)
        .zone(TestHierarchy.zone("mixed.test.", """
            $TTL 3600
            @ SOA ns2 hm 1 3600 900 604800 300
              NS ns1
              NS ns2
            ns1 A 127.77.4.2
            ns2 A 127.77.4.3
            www A 192.0.2.44
            """)).start();
    garbage = new DatagramSocket(new InetSocketAddress("127.77.4.2", port));
    oldServer = new DatagramSocket(new InetSocketAddress("127.77.4.4", port));
    flaky = new DatagramSocket(new InetSocketAddress("127.77.4.5", port));
    flakyThread = Thread.ofVirtual().start(this::serveSecondTry);
    garbageThread = Thread.ofVirtual().start(() -> serve(garbage, false));
    oldThread = Thread.ofVirtual().start(() -> serve(oldServer, true));
  }

  /** Garbage: the right ID and QR, then counts that promise records that are not there. */
  private static void serve(DatagramSocket s, boolean ednsIntolerant) {
    byte[] buf = new byte[4096];
    while (!s.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        byte[] out;
        if (!ednsIntolerant) {
          out = HexFormat.of().parseHex("0000818000010003000000000000010001");
        } else {
          Message q = Message.decode(buf, 0, p.getLength());
          Header h = q.header().response(Rcode.NOERROR);
          if (q.edns() != null) {
            out = new Message(h.withRcode(Rcode.FORMERR), List.of(), List.of(), List.of(),
                List.of(), null).encode();
          } else {
            Record a = Record.in(q.question().name(), 300,
                new ARData((java.net.Inet4Address) InetAddress.getByName("192.0.2.45")));
            out = new Message(h.withAa(true), q.questions(), List.of(a), List.of(), List.of(),
                null).encode();
          }
        }
        out[0] = buf[0];
        out[1] = buf[1];
        s.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (SocketException e) {
        return;
      } catch (Exception e) {
        // keep serving
      }
    }
  }

  /** Loses the first query of each name (as a congested link would) and answers the next. */
  private void serveSecondTry() {
    byte[] buf = new byte[4096];
    java.util.Set<Name> seen = new java.util.HashSet<>();
    while (!flaky.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        flaky.receive(p);
        Message q = Message.decode(buf, 0, p.getLength());
        if (seen.add(q.question().name())) continue;
        Record a = Record.in(q.question().name(), 300,
            new ARData((java.net.Inet4Address) InetAddress.getByName("192.0.2.46")));
        byte[] out = new Message(q.header().response(Rcode.NOERROR).withAa(true), q.questions(),
            List.of(a), List.of(), List.of(), null).encode();
        flaky.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
      } catch (SocketException e) {
        return;
      } catch (Exception e) {
        // keep serving
      }
    }
  }

  @AfterEach
  void stop() throws Exception {
    flaky.close();
    flakyThread.join(2000);
    garbage.close();
    oldServer.close();
    good.close();
    root.close();
    garbageThread.join(2000);
    oldThread.join(2000);
  }

  RecursiveResolver resolver() throws Exception {
    return RecursiveResolver.builder().rootServers(List.of(InetAddress.getByName("127.77.4.1")))
        .authorityPort(root.port()).queryTimeout(Duration.ofMillis(500)).prefetch(false)
        .qnameMinimisation(false).build();
  }

  @Test
  void aMalformedAnswerSendsTheResolverToTheOtherServer() throws Exception {
    try (RecursiveResolver r = resolver()) {
      // make the broken server look fastest, so that it is asked first
      r.selection.answered(InetAddress.getByName("127.77.4.2"), 1, List.of());
      r.selection.answered(InetAddress.getByName("127.77.4.3"), 500_000, List.of());
      Resolution res = r.resolve(Name.of("www.mixed.test."), RrTypes.A, true);
      assertThat(res.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(res.records()).extracting(x -> x.data().toText()).containsExactly("192.0.2.44");
      assertThat(res.trace()).anyMatch(s -> s.server() != null
          && s.server().getAddress().getHostAddress().equals("127.77.4.2")
          && s.outcome().contains("malformed"));
      assertThat(r.selection.srttMicros(InetAddress.getByName("127.77.4.2")))
          .isGreaterThan(r.selection.srttMicros(InetAddress.getByName("127.77.4.3")));
    }
  }

  @Test
  void aServerThatRejectsEdnsIsAskedWithoutIt() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("www.old.test."), RrTypes.A, true);
      assertThat(res.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(res.records()).extracting(x -> x.data().toText()).containsExactly("192.0.2.45");
      assertThat(res.trace()).anyMatch(s -> s.outcome().contains("retrying without"));
    }
  }

  @Test
  void aLostQueryIsSentAgainAfterTheTimeout() throws Exception {
    try (RecursiveResolver r = resolver()) {
      Resolution res = r.resolve(Name.of("www.flaky.test."), RrTypes.A, true);
      assertThat(res.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(res.records()).extracting(x -> x.data().toText()).containsExactly("192.0.2.46");
      List<String> flakySteps = res.trace().stream().filter(s -> s.server() != null
          && s.server().getAddress().getHostAddress().equals("127.77.4.5"))
          .map(TraceStep::outcome).toList();
      assertThat(flakySteps).hasSize(2);
      assertThat(flakySteps.get(0)).isEqualTo("timeout");
      assertThat(flakySteps.get(1)).startsWith("answer aa");
    }
  }
}
