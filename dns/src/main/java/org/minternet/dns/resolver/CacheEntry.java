package org.minternet.dns.resolver;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.minternet.dns.wire.DnsOutput;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;

/**
 * One cached RRset or negative answer. Positive entries hold the records as received (their TTLs
 * capped); negative ones (RFC 2308) hold the rcode (NXDOMAIN, or NOERROR for NODATA) and the SOA
 * that bounds their lifetime. Immutable except for the one-shot prefetch flag.
 */
final class CacheEntry {
  /** How much we believe the data, after RFC 2181 §5.4.1 (higher replaces lower). */
  enum Trust {
    /** Addresses from the additional section of a referral. */
    GLUE,
    /** Non-authoritative data: NS of a referral, additional data of an answer. */
    AUTHORITY,
    /** The answer section of an authoritative answer, and authoritative negative answers. */
    ANSWER
  }

  final Name name;
  final int type;
  final List<Record> records;
  final int rcode;
  final Record soa;
  final Trust trust;
  final long storedNanos;
  final long ttlSeconds;
  final AtomicBoolean prefetching = new AtomicBoolean();

  private CacheEntry(Name name, int type, List<Record> records, int rcode, Record soa,
      Trust trust, long storedNanos, long ttlSeconds) {
    this.name = name;
    this.type = type;
    this.records = List.copyOf(records);
    this.rcode = rcode;
    this.soa = soa;
    this.trust = trust;
    this.storedNanos = storedNanos;
    this.ttlSeconds = ttlSeconds;
  }

  static CacheEntry positive(Name name, int type, List<Record> records, Trust trust, long now,
      long ttl) {
    return new CacheEntry(name, type, records, Rcode.NOERROR, null, trust, now, ttl);
  }

  static CacheEntry negative(Name name, int type, int rcode, Record soa, long now, long ttl) {
    return new CacheEntry(name, type, List.of(), rcode, soa, Trust.ANSWER, now, ttl);
  }

  boolean isNegative() {
    return records.isEmpty();
  }

  long expiresNanos() {
    return storedNanos + ttlSeconds * 1_000_000_000L;
  }

  boolean isFresh(long now) {
    return now < expiresNanos();
  }

  /** Seconds left, rounded down; 0 once expired. */
  long remainingSeconds(long now) {
    long left = expiresNanos() - now;
    return left <= 0 ? 0 : left / 1_000_000_000L;
  }

  /** The records with their TTLs counted down to what is left ({@code staleTtl} once expired). */
  List<Record> recordsAt(long now, long staleTtl) {
    long ttl = isFresh(now) ? remainingSeconds(now) : staleTtl;
    return records.stream().map(r -> r.withTtl(ttl)).toList();
  }

  Record soaAt(long now, long staleTtl) {
    if (soa == null) return null;
    return soa.withTtl(isFresh(now) ? remainingSeconds(now) : staleTtl);
  }

  /** A rough size in bytes, for the cache's memory bound. */
  int weight() {
    int w = 96 + name.wireLength();
    for (Record r : records) {
      DnsOutput probe = new DnsOutput(64);
      r.data().write(probe);
      w += 64 + r.name().wireLength() + probe.position();
    }
    if (soa != null) w += 160;
    return w;
  }
}
