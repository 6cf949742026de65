package org.minternet.dns.server;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.minternet.dns.wire.DnsOutput;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Opcode;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.SoaRData;
import org.minternet.dns.wire.Tsig;
import org.minternet.dns.wire.WireFormatException;
import org.minternet.dns.zone.Zone;

/**
 * Zone transfers over TCP: AXFR (RFC 5936) and IXFR (RFC 1995), with the differences from the
 * {@link ZoneJournal} when it reaches back to the client's serial, else the whole zone. Allowed
 * for the addresses the ACL accepts or for requests signed with a transfer key, in which case
 * every message of the answer is signed too (RFC 8945 §5.3.1).
 */
final class ZoneTransfer {
  /** Target size of each message of a zone transfer. */
  static final int TRANSFER_MESSAGE_SIZE = 16_000;

  private final ZoneSet zones;
  private final Predicate<InetAddress> allowed;
  private final Map<Name, Tsig.Key> keys;

  ZoneTransfer(ZoneSet zones, Predicate<InetAddress> allowed, Map<Name, Tsig.Key> keys) {
    this.zones = zones;
    this.allowed = allowed;
    this.keys = Map.copyOf(keys);
  }

  /** Whether {@code query} asks for a transfer (a single AXFR or IXFR question). */
  static boolean isRequest(Message query) {
    if (query.header().qr() || query.header().opcode() != Opcode.QUERY || query.questions().size() != 1) {
      return false;
    }
    int type = query.question().type();
    return type == RrTypes.AXFR || type == RrTypes.IXFR;
  }

  /** Answers a transfer request: the zone in messages of about 16 kB, or an error. */
  void send(TcpDnsHandler.Exchange e, Message query) throws IOException {
    byte[] raw = e.message();
    Tsig.Verification v = Tsig.verify(raw, raw.length, query, keys::get, null,
        System.currentTimeMillis() / 1000);
    if (v.status() != Tsig.Status.UNSIGNED && v.status() != Tsig.Status.VALID) {
      e.reply(Authority.error(query, v.status() == Tsig.Status.FORMERR ? Rcode.FORMERR : Rcode.NOTAUTH,
          true, null).encode());
      return;
    }
    Zone zone = zones.get(query.question().name());
    if (zone == null) {
      e.reply(Authority.error(query, Rcode.NOTAUTH, true, null).encode());
      return;
    }
    boolean signed = v.status() == Tsig.Status.VALID;
    if (!signed && !allowed.test(e.client())) {
      e.reply(Authority.error(query, Rcode.REFUSED, true, null).encode());
      return;
    }
    Signer signer = new Signer(signed ? v : null);
    boolean ixfr = query.question().type() == RrTypes.IXFR;
    Long clientSerial = ixfr ? clientSerial(query, zone) : null;
    List<Record> records = new ArrayList<>();
    String kind;
    List<ZoneJournal.Change> changes;
    if (clientSerial != null && !SoaRData.serialNewer(zone.serial(), clientSerial)) {
      records.add(zone.soaRecord()); // no change: our SOA alone (RFC 1995 §4)
      kind = "IXFR (up to date)";
    } else if (clientSerial != null && (changes = zones.changesSince(zone, clientSerial)) != null) {
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
    e.note(kind + " " + zone.origin() + " serial " + zone.serial());
    Header h = query.header().response(Rcode.NOERROR).withAa(true);
    List<Record> batch = new ArrayList<>();
    int size = 0;
    boolean first = true;
    for (Record r : records) {
      DnsOutput probe = new DnsOutput(256);
      r.write(probe);
      int estimate = probe.position();
      if (!batch.isEmpty() && size + estimate > TRANSFER_MESSAGE_SIZE) {
        e.reply(signer.sign(new Message(h, first ? query.questions() : List.of(), batch, List.of(),
            List.of(), null).encode()));
        first = false;
        batch = new ArrayList<>();
        size = 0;
      }
      batch.add(r);
      size += estimate;
    }
    e.reply(signer.sign(new Message(h, first ? query.questions() : List.of(), batch, List.of(),
        List.of(), null).encode()));
  }

  /** Signs each message of a signed transfer, each MAC chained to the one before. */
  private static final class Signer {
    private final Tsig.Verification request;
    private byte[] mac;
    private boolean first = true;

    Signer(Tsig.Verification request) {
      this.request = request;
      this.mac = request == null ? null : request.mac();
    }

    byte[] sign(byte[] m) {
      if (request == null) return m;
      long now = System.currentTimeMillis() / 1000;
      byte[] out = first ? Tsig.sign(m, request.key(), now, mac, 0)
          : Tsig.signContinuation(m, request.key(), now, mac);
      first = false;
      try {
        mac = Tsig.macOf(Message.decode(out));
      } catch (WireFormatException e) {
        throw new IllegalStateException("a message we signed does not decode", e);
      }
      return out;
    }
  }

  /** The serial of the SOA an IXFR request carries in its authority section, or null. */
  private static Long clientSerial(Message query, Zone zone) {
    for (Record r : query.authority()) {
      if (r.data() instanceof SoaRData soa && r.name().equals(zone.origin())) return soa.serial();
    }
    return null;
  }
}
