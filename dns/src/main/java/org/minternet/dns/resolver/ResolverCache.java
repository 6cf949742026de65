package org.minternet.dns.resolver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.minternet.dns.wire.DnsClass;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;

/**
 * The resolver's cache of RRsets and negative answers, bounded in memory (Caffeine, evicting by
 * estimated size). TTLs count down from the moment data is stored; TTLs above the configured
 * maxima are capped. With serve-stale (RFC 8767) expired entries are kept for a further window,
 * usable only when every authority fails.
 *
 * <p>Public methods are the operator's view: statistics, a listing and flushes (everything, one
 * name, or a whole domain).
 */
public final class ResolverCache {
  /** Type used as the key of a name-wide NXDOMAIN entry (no real RR type is 0). */
  static final int NXDOMAIN_KEY = 0;

  record Key(Name name, int type) {}

  private final Cache<Key, CacheEntry> cache;
  private final LongSupplier clock;
  private final long maxTtl;
  private final long maxNegativeTtl;
  private final long staleWindowSeconds;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder staleAnswers = new LongAdder();
  private final LongAdder prefetches = new LongAdder();
  private final java.util.concurrent.atomic.AtomicLong generation =
      new java.util.concurrent.atomic.AtomicLong();

  ResolverCache(long maxBytes, long maxTtl, long maxNegativeTtl, long staleWindowSeconds,
      LongSupplier clock) {
    this.clock = clock;
    this.maxTtl = maxTtl;
    this.maxNegativeTtl = maxNegativeTtl;
    this.staleWindowSeconds = staleWindowSeconds;
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((Key k, CacheEntry e) -> e.weight())
        .expireAfter(new Expiry<Key, CacheEntry>() {
          @Override
          public long expireAfterCreate(Key key, CacheEntry e, long currentTime) {
            return lifetime(e);
          }

          @Override
          public long expireAfterUpdate(Key key, CacheEntry e, long currentTime, long currentDuration) {
            return lifetime(e);
          }

          @Override
          public long expireAfterRead(Key key, CacheEntry e, long currentTime, long currentDuration) {
            return currentDuration;
          }
        })
        .ticker(clock::getAsLong)
        .executor(Runnable::run)
        .recordStats()
        .build();
  }

  private long lifetime(CacheEntry e) {
    long seconds = e.ttlSeconds + staleWindowSeconds;
    long left = e.storedNanos + seconds * 1_000_000_000L - clock.getAsLong();
    return Math.max(1, left);
  }

  /** Changes with every store and flush, so that answers built before are not reused. */
  long generation() {
    return generation.get();
  }

  long now() {
    return clock.getAsLong();
  }

  long cappedTtl(long ttl) {
    return Math.min(ttl, maxTtl);
  }

  long cappedNegativeTtl(long ttl) {
    return Math.min(ttl, maxNegativeTtl);
  }

  boolean keepsStale() {
    return staleWindowSeconds > 0;
  }

  /** The entry for a name and type, fresh or (within the stale window) expired; or null. */
  CacheEntry get(Name name, int type) {
    return cache.getIfPresent(new Key(name, type));
  }

  /** The entry if still fresh, or null. */
  CacheEntry fresh(Name name, int type) {
    CacheEntry e = cache.getIfPresent(new Key(name, type));
    return e != null && e.isFresh(clock.getAsLong()) ? e : null;
  }

  /**
   * Stores an RRset unless a fresh entry of higher trust is there (RFC 2181 §5.4.1): glue does
   * not replace an authoritative answer.
   */
  void putRRset(Name name, int type, List<Record> records, CacheEntry.Trust trust) {
    if (records.isEmpty()) return;
    long ttl = Long.MAX_VALUE;
    for (Record r : records) ttl = Math.min(ttl, r.ttl());
    ttl = cappedTtl(ttl);
    if (ttl <= 0) return;
    long now = clock.getAsLong();
    CacheEntry entry = CacheEntry.positive(name, type, records, trust, now, ttl);
    generation.incrementAndGet();
    cache.asMap().compute(new Key(name, type), (k, old) ->
        old != null && old.isFresh(now) && old.trust.compareTo(trust) > 0 ? old : entry);
    if (trust == CacheEntry.Trust.ANSWER) cache.invalidate(new Key(name, NXDOMAIN_KEY));
  }

  /**
   * Stores a negative answer (RFC 2308 §5): NXDOMAIN for the whole name, NODATA for one type; the
   * TTL is the smaller of the SOA's TTL and its MINIMUM field, capped.
   */
  void putNegative(Name name, int type, int rcode, Record soa, long ttl) {
    ttl = cappedNegativeTtl(ttl);
    if (ttl <= 0) return;
    int keyType = rcode == Rcode.NXDOMAIN ? NXDOMAIN_KEY : type;
    generation.incrementAndGet();
    cache.put(new Key(name, keyType),
        CacheEntry.negative(name, type, rcode, soa, clock.getAsLong(), ttl));
  }

  void invalidate(Name name, int type) {
    cache.invalidate(new Key(name, type));
  }

  void countHit() {
    hits.increment();
  }

  void countMiss() {
    misses.increment();
  }

  void countStale() {
    staleAnswers.increment();
  }

  void countPrefetch() {
    prefetches.increment();
  }

  /** Counters since start and the current size. */
  public CacheStats stats() {
    cache.cleanUp();
    var s = cache.stats();
    long weight = cache.policy().eviction().map(ev -> ev.weightedSize().orElse(0)).orElse(0L);
    return new CacheStats(hits.sum(), misses.sum(), cache.estimatedSize(), weight,
        s.evictionCount(), staleAnswers.sum(), prefetches.sum());
  }

  /** Empties the cache. */
  public void flushAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }

  /** Removes every entry owned by exactly this name (all types); returns how many. */
  public int flushName(Name name) {
    return flushWhere(n -> n.equals(name));
  }

  /** Removes every entry at or below this domain; returns how many. */
  public int flushDomain(Name domain) {
    return flushWhere(n -> n.isSubdomainOf(domain));
  }

  private int flushWhere(java.util.function.Predicate<Name> matches) {
    generation.incrementAndGet();
    int n = 0;
    for (Key k : List.copyOf(cache.asMap().keySet())) {
      if (matches.test(k.name())) {
        cache.invalidate(k);
        n++;
      }
    }
    return n;
  }

  /**
   * The entries at or below {@code domain} in presentation format, one per line, sorted: records
   * with their remaining TTL, negative entries as comments; expired (stale) ones marked.
   */
  public List<String> list(Name domain) {
    long now = clock.getAsLong();
    List<Map.Entry<Key, CacheEntry>> entries = new ArrayList<>();
    for (Map.Entry<Key, CacheEntry> e : cache.asMap().entrySet()) {
      if (e.getKey().name().isSubdomainOf(domain)) entries.add(e);
    }
    entries.sort(Comparator.comparing((Map.Entry<Key, CacheEntry> e) -> e.getKey().name())
        .thenComparingInt(e -> e.getKey().type()));
    List<String> out = new ArrayList<>();
    for (Map.Entry<Key, CacheEntry> me : entries) {
      CacheEntry e = me.getValue();
      String tag = (e.isFresh(now) ? "" : " stale") + " " + e.trust.name().toLowerCase();
      if (e.isNegative()) {
        String what = e.rcode == Rcode.NXDOMAIN ? "NXDOMAIN" : "NODATA " + RrTypes.toText(e.type);
        out.add("; " + e.name + "\t" + e.remainingSeconds(now) + "\t" + what + " ;" + tag);
      } else {
        for (Record r : e.recordsAt(now, 0)) {
          out.add(r.name() + "\t" + r.ttl() + "\t" + DnsClass.toText(r.dnsClass()) + "\t"
              + RrTypes.toText(r.type()) + "\t" + r.data().toText() + " ;" + tag);
        }
      }
    }
    return out;
  }
}
