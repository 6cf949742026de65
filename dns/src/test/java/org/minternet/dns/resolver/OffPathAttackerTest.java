package org.minternet.dns.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minternet.dns.server.AuthoritativeServer;
import org.minternet.dns.wire.ARData;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.NsRData;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.SoaRData;

/**
 * Plays an off-path attacker (and a server that adds records it has no authority for): forged
 * answers from the wrong port, the wrong address, with the wrong ID or the wrong question race
 * the genuine answer; the genuine answers carry out-of-bailiwick records. None of the forged
 * data (addresses 10.6.6.x) may be returned or get into the cache.
 */
class OffPathAttackerTest {
  static final String ROOT = "127.77.2.1";
  static final String TEST_SERVER = "127.77.2.2";
  static final String OTHER_ADDRESS = "127.77.2.3";

  AuthoritativeServer root;
  DatagramSocket server;
  DatagramSocket wrongPort;
  DatagramSocket wrongAddress;
  Thread script;

  @BeforeEach
  void start() throws Exception {
    root = AuthoritativeServer.builder().bind(InetAddress.getByName(ROOT)).port(0)
        .zone(TestHierarchy.zone(".", """
            $TTL 86400
            @ SOA a.root. hm.root. 1 3600 900 604800 3600
              NS a.root.
            a.root. A 127.77.2.1
            test. NS ns.test.
            ns.test. A 127.77.2.2
            """)).start();
    server = new DatagramSocket(new InetSocketAddress(TEST_SERVER, root.port()));
    wrongPort = new DatagramSocket(new InetSocketAddress(TEST_SERVER, 0));
    wrongAddress = new DatagramSocket(new InetSocketAddress(OTHER_ADDRESS, root.port()));
    script = Thread.ofVirtual().start(this::serve);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    wrongPort.close();
    wrongAddress.close();
    root.close();
    script.join(2000);
  }

  static Record a(String name, String address) throws Exception {
    return Record.in(Name.of(name), 3600,
        new ARData((java.net.Inet4Address) InetAddress.getByName(address)));
  }

  static Record ns(String owner, String target) {
    return Record.in(Name.of(owner), 3600, new NsRData(Name.of(target)));
  }

  /** The malicious server for test. and victim.test. */
  private void serve() {
    byte[] buf = new byte[4096];
    while (!server.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        server.receive(p);
        Message q = Message.decode(buf, 0, p.getLength());
        InetSocketAddress resolver = (InetSocketAddress) p.getSocketAddress();
        Name qn = q.question().name();
        Header ok = q.header().response(Rcode.NOERROR);
        if (qn.equals(Name.of("test.")) || qn.equals(Name.of("victim.test."))) {
          if (qn.equals(Name.of("test."))) {
            Record soa = Record.in(Name.of("test."), 60, new SoaRData(Name.of("ns.test."),
                Name.of("hm.test."), 1, 1, 1, 1, 60));
            send(server, new Message(ok.withAa(true), q.questions(), List.of(), List.of(soa),
                List.of(), null), resolver);
            continue;
          }
          // a referral with glue for the delegated zone, and "glue" it has no business giving
          send(server, new Message(ok, q.questions(), List.of(),
              List.of(ns("victim.test.", "ns.victim.test.")),
              List.of(a("ns.victim.test.", TEST_SERVER), a("www.bank.com.", "10.6.6.9"),
                  a("a.root.", "10.6.6.10")), null), resolver);
          continue;
        }
        // the race: forgeries first, then the genuine answer with out-of-bailiwick extras
        Message forged = new Message(ok.withAa(true), q.questions(),
            List.of(a(qn.toString(), "10.6.6.1")), List.of(), List.of(), null);
        send(wrongPort, forged, resolver);
        send(wrongAddress, forged, resolver);
        send(server, forged.withHeader(forged.header().withId((q.id() + 1) & 0xffff)), resolver);
        send(server, new Message(forged.header(), List.of(Question.in(Name.of("www.bank.com."),
            RrTypes.A)), List.of(a("www.bank.com.", "10.6.6.2")), List.of(), List.of(), null),
            resolver);
        send(server, new Message(ok.withAa(true), q.questions(),
            List.of(a(qn.toString(), "192.0.2.80"), a("www.bank.com.", "10.6.6.3")),
            List.of(ns("com.", "ns.evil.test."), ns("victim.test.", "ns.victim.test.")),
            List.of(a("ns.evil.test.", "10.6.6.4"), a("www.bank.com.", "10.6.6.5")), null),
            resolver);
      } catch (SocketException e) {
        return;
      } catch (Exception e) {
        // keep serving
      }
    }
  }

  private static void send(DatagramSocket from, Message m, InetSocketAddress to) throws Exception {
    byte[] b = m.encode();
    from.send(new DatagramPacket(b, b.length, to));
  }

  @Test
  void forgedAndOutOfBailiwickDataDoesNotGetIntoTheCache() throws Exception {
    try (RecursiveResolver r = RecursiveResolver.builder()
        .rootServers(List.of(InetAddress.getByName(ROOT))).authorityPort(root.port())
        .queryTimeout(java.time.Duration.ofMillis(500)).prefetch(false).build()) {
      Resolution res = r.resolve(Name.of("www.victim.test."), RrTypes.A, true);
      assertThat(res.rcode()).isEqualTo(Rcode.NOERROR);
      assertThat(res.answers()).extracting(x -> x.data().toText()).containsExactly("192.0.2.80");
      TraceStep last = res.trace().get(res.trace().size() - 1);
      assertThat(last.outcome()).contains("forged or stray datagrams ignored");

      List<String> cached = new ArrayList<>(r.cache().list(Name.ROOT));
      assertThat(cached).isNotEmpty();
      assertThat(cached).noneMatch(l -> l.contains("10.6.6."));
      assertThat(r.cache().list(Name.of("bank.com."))).isEmpty();
      assertThat(r.cache().list(Name.of("com."))).isEmpty();
      assertThat(r.cache().list(Name.of("evil.test."))).isEmpty();
      // and a later lookup of the poisoned names really asks (nothing was planted)
      assertThat(r.fromCache(Name.of("www.bank.com."), RrTypes.A)).isNull();
      assertThat(r.fromCache(Name.of("a.root."), RrTypes.A)).isNull();
    }
  }
}
