package org.minternet.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Tsig;
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
 * Zone transfers (AXFR, RFC 5936; IXFR, RFC 1995, with the differences from the {@link
 * ZoneJournal} when it reaches back to the client's serial, else the whole zone) are answered
 * here, for clients the ACL or a TSIG key allows.
 */
final class TcpDnsHandler implements ConnectionHandler {
  /** Target size of each message of a zone transfer. */
  static final int TRANSFER_MESSAGE_SIZE = 16_000;
  /** Longest time to receive one message once its length has arrived. */
  static final java.time.Duration MESSAGE_DEADLINE = java.time.Duration.ofSeconds(10);

  /** Answers one message that is not a transfer; null to close the connection. */
  @FunctionalInterface
  interface Responder {
    byte[] respond(byte[] data, int length, InetAddress sender, int limit);
  }

  private final Authority authority;
  private final Responder responder;
  private final Predicate<InetAddress> transferAllowed;
  private final Map<Name, Tsig.Key> transferKeys;

  TcpDnsHandler(Authority authority, Responder responder, Predicate<InetAddress> transferAllowed,
      Map<Name, Tsig.Key> transferKeys) {
    this.authority = authority;
    this.responder = responder;
    this.transferAllowed = transferAllowed;
    this.transferKeys = transferKeys;
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
      // once a message has begun, all of it must come soon (no slow-drip connections)
      c.deadline(MESSAGE_DEADLINE);
      byte[] data = in.readExactly(length);
      c.clearDeadline();
      Message query = null;
      try {
        query = Message.decode(data);
      } catch (WireFormatException e) {
        // answered with FORMERR by the responder
      }
      if (query != null && !query.header().qr() && query.questions().size() == 1
          && (query.question().type() == RrTypes.AXFR || query.question().type() == RrTypes.IXFR)
          && query.header().opcode() == 0) {
        transfer(c, query, data);
      } else {
        byte[] response = responder.respond(data, length, c.remoteAddress().getAddress(), Message.MAX_LENGTH);
        if (response == null) return;
        if (query != null && query.question() != null) {
          c.transcript().received(c.service(), c.peer(), query.question().name() + " "
              + org.minternet.dns.wire.RrTypes.toText(query.question().type()));
        }
        send(c, response);
      }
      c.flush();
    }
  }

  /**
   * Sends the zone: allowed for the addresses of the ACL or for requests signed with a transfer
   * key, in which case every message of the answer is signed too (RFC 8945 §5.3.1).
   */
  private void transfer(Connection c, Message query, byte[] raw) throws IOException {
    Tsig.Verification v = Tsig.verify(raw, raw.length, query, transferKeys::get, null,
        System.currentTimeMillis() / 1000);
    if (v.status() != Tsig.Status.UNSIGNED && v.status() != Tsig.Status.VALID) {
      send(c, Authority.error(query, v.status() == Tsig.Status.FORMERR ? Rcode.FORMERR : Rcode.NOTAUTH,
          true, null).encode());
      return;
    }
    Zone zone = authority.zones().get(query.question().name());
    if (zone == null) {
      send(c, Authority.error(query, Rcode.NOTAUTH, true, null).encode());
      return;
    }
    boolean signed = v.status() == Tsig.Status.VALID;
    if (!signed && !transferAllowed.test(c.remoteAddress().getAddress())) {
      send(c, Authority.error(query, Rcode.REFUSED, true, null).encode());
      return;
    }
    byte[][] mac = {signed ? v.mac() : null};
    boolean[] firstSigned = {true};
    java.util.function.Function<byte[], byte[]> sign = m -> {
      if (!signed) return m;
      long now = System.currentTimeMillis() / 1000;
      byte[] out = firstSigned[0] ? Tsig.sign(m, v.key(), now, mac[0], 0)
          : Tsig.signContinuation(m, v.key(), now, mac[0]);
      firstSigned[0] = false;
      try {
        mac[0] = Tsig.macOf(Message.decode(out));
      } catch (WireFormatException e) {
        throw new IllegalStateException(e);
      }
      return out;
    };
    boolean ixfr = query.question().type() == RrTypes.IXFR;
    Long clientSerial = ixfr ? clientSerial(query, zone) : null;
    List<Record> records = new ArrayList<>();
    String kind;
    List<ZoneJournal.Change> changes;
    if (clientSerial != null && !Updater.serialNewer(zone.serial(), clientSerial)) {
      records.add(zone.soaRecord()); // no change: our SOA alone (RFC 1995 §4)
      kind = "IXFR (up to date)";
    } else if (clientSerial != null
        && (changes = authority.zones().changesSince(zone, clientSerial)) != null) {
      // the differences: our SOA, then each version's deletions and additions, our SOA again
      records.add(zone.soaRecord());
      for (ZoneJournal.Change change : changes) change.appendTo(records);
      records.add(zone.soaRecord());
      kind = "IXFR from serial " + clientSerial + ", " + changes.size() + " change(s)";
    } else {
      // AXFR, or IXFR from a version no longer in the journal: the whole zone (RFC 1995 §4)
      records.addAll(zone.records());
      records.add(zone.soaRecord());
      kind = ixfr ? "IXFR answered with the whole zone" : "AXFR";
    }
    c.transcript().note(c.service(), c.peer(), kind + " " + zone.origin() + " serial " + zone.serial());
    Header h = query.header().response(Rcode.NOERROR).withAa(true);
    List<Record> batch = new ArrayList<>();
    int size = 0;
    boolean first = true;
    for (Record r : records) {
      org.minternet.dns.wire.DnsOutput probe = new org.minternet.dns.wire.DnsOutput(256);
      r.write(probe);
      int estimate = probe.position();
      if (!batch.isEmpty() && size + estimate > TRANSFER_MESSAGE_SIZE) {
        send(c, sign.apply(new Message(h, first ? query.questions() : List.of(), batch, List.of(), List.of(), null).encode()));
        first = false;
        batch = new ArrayList<>();
        size = 0;
      }
      batch.add(r);
      size += estimate;
    }
    send(c, sign.apply(new Message(h, first ? query.questions() : List.of(), batch, List.of(), List.of(), null).encode()));
  }

  /** The serial of the SOA an IXFR request carries in its authority section, or null. */
  private static Long clientSerial(Message query, Zone zone) {
    for (Record r : query.authority()) {
      if (r.data() instanceof org.minternet.dns.wire.SoaRData soa && r.name().equals(zone.origin())) {
        return soa.serial();
      }
    }
    return null;
  }

  private static void send(Connection c, byte[] message) throws IOException {
    c.write(new byte[] {(byte) (message.length >>> 8), (byte) message.length});
    c.write(message);
  }
}
