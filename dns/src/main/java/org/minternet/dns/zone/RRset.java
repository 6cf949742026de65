package org.minternet.dns.zone;

import java.util.ArrayList;
import java.util.List;
import org.minternet.dns.wire.DnsClass;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.RData;
import org.minternet.dns.wire.Record;

/**
 * The records of one name and type (RFC 2181 §5): one TTL for all of them, no duplicates, in the
 * order they were added.
 */
public record RRset(Name name, int type, long ttl, List<RData> data) {
  public RRset {
    data = List.copyOf(data);
  }

  /** The records in stored order. */
  public List<Record> records() {
    List<Record> out = new ArrayList<>(data.size());
    for (RData d : data) out.add(new Record(name, type, DnsClass.IN, ttl, d));
    return out;
  }

  /** The records rotated to start at {@code start} (round-robin load distribution). */
  public List<Record> rotated(int start) {
    int n = data.size();
    if (n <= 1) return records();
    List<Record> out = new ArrayList<>(n);
    int s = Math.floorMod(start, n);
    for (int i = 0; i < n; i++) out.add(new Record(name, type, DnsClass.IN, ttl, data.get((s + i) % n)));
    return out;
  }

  /** The records with another owner name (wildcard synthesis, RFC 4592 §3.3.1). */
  public List<Record> recordsAs(Name owner) {
    List<Record> out = new ArrayList<>(data.size());
    for (RData d : data) out.add(new Record(owner, type, DnsClass.IN, ttl, d));
    return out;
  }
}
