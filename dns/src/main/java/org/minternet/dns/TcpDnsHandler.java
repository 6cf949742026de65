package org.minternet.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.minternet.core.io.LineReader;
import org.minternet.core.net.Connection;
import org.minternet.core.net.ConnectionHandler;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.WireFormatException;
import org.minternet.dns.zone.Zone;

/**
 * DNS over TCP (RFC 1035 §4.2.2, RFC 7766): two-octet length prefix, several queries per
 * connection answered in order, until the client closes or the listener's idle timeout ends it.
 * Zone transfers (AXFR, RFC 5936) are answered here, for clients the ACL allows.
 */
final class TcpDnsHandler implements ConnectionHandler {
  /** Target size of each message of a zone transfer. */
  static final int TRANSFER_MESSAGE_SIZE = 16_000;

  /** Answers one message that is not a transfer; null to close the connection. */
  @FunctionalInterface
  interface Responder {
    byte[] respond(byte[] data, int length, InetAddress sender, int limit);
  }

  private final Authority authority;
  private final Responder responder;
  private final Predicate<InetAddress> transferAllowed;

  TcpDnsHandler(Authority authority, Responder responder, Predicate<InetAddress> transferAllowed) {
    this.authority = authority;
    this.responder = responder;
    this.transferAllowed = transferAllowed;
  }

  @Override
  public void handle(Connection c) throws IOException {
    LineReader in = c.reader();
    while (true) {
      int hi = in.read();
      if (hi < 0) return;
      int lo = in.read();
      if (lo < 0) return;
      int length = (hi << 8) | lo;
      byte[] data = in.readExactly(length);
      Message query = null;
      try {
        query = Message.decode(data);
      } catch (WireFormatException e) {
        // answered with FORMERR by the responder
      }
      if (query != null && !query.header().qr() && query.questions().size() == 1
          && query.question().type() == RrTypes.AXFR && query.header().opcode() == 0) {
        transfer(c, query);
      } else {
        byte[] response = responder.respond(data, length, c.remoteAddress().getAddress(), Message.MAX_LENGTH);
        if (response == null) return;
        send(c, response);
      }
      c.flush();
    }
  }

  private void transfer(Connection c, Message query) throws IOException {
    Zone zone = authority.zones().get(query.question().name());
    if (zone == null) {
      send(c, Authority.error(query, Rcode.NOTAUTH, true, null).encode());
      return;
    }
    if (!transferAllowed.test(c.remoteAddress().getAddress())) {
      send(c, Authority.error(query, Rcode.REFUSED, true, null).encode());
      return;
    }
    c.transcript().note(c.service(), c.peer(), "AXFR " + zone.origin() + " serial " + zone.serial());
    List<Record> records = new ArrayList<>(zone.records());
    records.add(zone.soaRecord());
    Header h = query.header().response(Rcode.NOERROR).withAa(true);
    List<Record> batch = new ArrayList<>();
    int size = 0;
    boolean first = true;
    for (Record r : records) {
      org.minternet.dns.wire.DnsOutput probe = new org.minternet.dns.wire.DnsOutput(256);
      r.write(probe);
      int estimate = probe.position();
      if (!batch.isEmpty() && size + estimate > TRANSFER_MESSAGE_SIZE) {
        send(c, new Message(h, first ? query.questions() : List.of(), batch, List.of(), List.of(), null).encode());
        first = false;
        batch = new ArrayList<>();
        size = 0;
      }
      batch.add(r);
      size += estimate;
    }
    send(c, new Message(h, first ? query.questions() : List.of(), batch, List.of(), List.of(), null).encode());
  }

  private static void send(Connection c, byte[] message) throws IOException {
    c.write(new byte[] {(byte) (message.length >>> 8), (byte) message.length});
    c.write(message);
  }
}
