package org.minternet.dns.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.minternet.dns.wire.DnsOutput;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.SoaRData;
import org.minternet.dns.wire.TextInput;
import org.minternet.dns.zone.Zone;

/**
 * The recent history of each zone, for incremental transfers (IXFR, RFC 1995): whenever a zone
 * is replaced by a version with a newer serial, the records deleted and added are kept, so a
 * secondary that holds an older serial can be sent the differences instead of the whole zone.
 *
 * <p>The history is bounded per zone ({@link #MAX_CHANGES} versions, {@link #MAX_RECORDS}
 * records) and cleared when a zone goes back in serial or is removed. Changes made by UPDATE are
 * also kept in the store with the zone ({@link ZoneStore}), so a server with a store starts with
 * the history of its updated zones; other changes (reloads, transfers) are remembered in memory
 * only. A request the history cannot serve is answered with the whole zone (RFC 1995 §4).
 */
final class ZoneJournal {
  static final int MAX_CHANGES = 100;
  static final int MAX_RECORDS = 50_000;

  /** The step from one version of a zone to the next: deleted and added records, SOAs apart. */
  record Change(Record fromSoa, List<Record> deleted, Record toSoa, List<Record> added) {
    long from() {
      return ((SoaRData) fromSoa.data()).serial();
    }

    long to() {
      return ((SoaRData) toSoa.data()).serial();
    }

    int size() {
      return deleted.size() + added.size() + 2;
    }

    /** The change in the form of an IXFR answer (RFC 1995 §4). */
    void appendTo(List<Record> out) {
      out.add(fromSoa);
      out.addAll(deleted);
      out.add(toSoa);
      out.addAll(added);
    }
  }

  private final Map<Name, List<Change>> changes = new ConcurrentHashMap<>();

  /** Records that {@code after} replaced {@code before} (either may be null). */
  void replaced(Zone before, Zone after) {
    replaced(before, after, null);
  }

  /**
   * Records that {@code after} replaced {@code before}, with the change between them when the
   * caller has already worked it out (null: it is worked out here).
   */
  void replaced(Zone before, Zone after, Change known) {
    if (after == null) {
      if (before != null) changes.remove(before.origin());
      return;
    }
    Name origin = after.origin();
    if (before == after || (before != null && before.serial() == after.serial())) return;
    if (before == null || !SoaRData.serialNewer(after.serial(), before.serial())) {
      changes.remove(origin); // a new zone, or one that went back: no usable history
      return;
    }
    Change change = known != null ? known : diff(before, after);
    if (change.size() > MAX_RECORDS) {
      changes.remove(origin);
      return;
    }
    changes.compute(origin, (k, old) -> {
      List<Change> list = new ArrayList<>(old == null ? List.of() : old);
      if (!list.isEmpty() && list.get(list.size() - 1).to() != change.from()) list.clear();
      list.add(change);
      int total = 0;
      for (Change c : list) total += c.size();
      while (list.size() > MAX_CHANGES || total > MAX_RECORDS) total -= list.remove(0).size();
      return List.copyOf(list);
    });
  }

  /**
   * The changes that lead from {@code serial} to the current version of {@code zone}, oldest
   * first; null when the history does not reach back to that serial.
   */
  List<Change> since(Zone zone, long serial) {
    List<Change> list = changes.get(zone.origin());
    if (list == null || list.isEmpty() || list.get(list.size() - 1).to() != zone.serial()) return null;
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).from() == serial) return list.subList(i, list.size());
    }
    return null;
  }

  /**
   * Starts the history of {@code zone} with stored changes (oldest first), when they lead up to
   * its serial without a gap; otherwise the zone has no history.
   */
  void seed(Zone zone, List<Change> stored) {
    List<Change> chain = new ArrayList<>();
    for (Change c : stored) {
      if (!chain.isEmpty() && chain.get(chain.size() - 1).to() != c.from()) chain.clear();
      chain.add(c);
    }
    if (chain.isEmpty() || chain.get(chain.size() - 1).to() != zone.serial()) {
      changes.remove(zone.origin());
      return;
    }
    changes.put(zone.origin(), List.copyOf(chain));
  }

  /** A change as stored: the IXFR sequence, one record per line in presentation format. */
  static String toText(Change change) {
    List<Record> records = new ArrayList<>();
    change.appendTo(records);
    StringBuilder b = new StringBuilder();
    for (Record r : records) b.append(r).append('\n');
    return b.toString();
  }

  /** The change {@link #toText} wrote, or null when it cannot be read back. */
  static Change fromText(String text, Name origin) {
    try {
      List<Record> records = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.isBlank()) continue;
        String[] f = line.split("\t", 5);
        int type = f.length == 5 && f[2].equals("IN") ? RrTypes.fromText(f[3]) : -1;
        if (type < 0) return null;
        records.add(Record.in(Name.parse(f[0]), Long.parseLong(f[1]),
            RrTypes.parse(type, TextInput.split(f[4], origin))));
      }
      if (records.size() < 2 || records.get(0).type() != RrTypes.SOA) return null;
      int i = 1;
      while (i < records.size() && records.get(i).type() != RrTypes.SOA) i++;
      if (i == records.size()) return null;
      return new Change(records.get(0), List.copyOf(records.subList(1, i)), records.get(i),
          List.copyOf(records.subList(i + 1, records.size())));
    } catch (RuntimeException | org.minternet.dns.wire.WireFormatException e) {
      return null;
    }
  }

  /** The records of {@code before} missing from {@code after} and the other way round. */
  static Change diff(Zone before, Zone after) {
    Map<ByteBuffer, Record> old = index(before);
    Map<ByteBuffer, Record> now = index(after);
    List<Record> deleted = new ArrayList<>();
    List<Record> added = new ArrayList<>();
    for (Map.Entry<ByteBuffer, Record> e : old.entrySet()) {
      if (!now.containsKey(e.getKey())) deleted.add(e.getValue());
    }
    for (Map.Entry<ByteBuffer, Record> e : now.entrySet()) {
      if (!old.containsKey(e.getKey())) added.add(e.getValue());
    }
    return new Change(before.soaRecord(), deleted, after.soaRecord(), added);
  }

  /** Every record but the SOA, keyed by its wire form with the owner in lower case. */
  private static Map<ByteBuffer, Record> index(Zone zone) {
    Map<ByteBuffer, Record> m = new HashMap<>();
    for (Record r : zone.records()) {
      if (r.type() == RrTypes.SOA && r.name().equals(zone.origin())) continue;
      DnsOutput out = new DnsOutput(64);
      out.name(r.name().toLowerCase(), false);
      out.u16(r.type());
      out.u16(r.dnsClass());
      out.u32(r.ttl());
      r.data().write(out);
      m.put(ByteBuffer.wrap(out.toByteArray()), r);
    }
    return m;
  }
}
