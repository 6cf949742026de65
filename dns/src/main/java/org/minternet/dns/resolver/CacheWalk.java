package org.minternet.dns.resolver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.minternet.dns.wire.CnameRData;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;

/**
 * Answers a question from the cache alone, following cached CNAMEs: for non-recursive (RD=0)
 * queries with fresh data, and for serve-stale (RFC 8767) with expired data too. Only
 * authoritative data is used (never glue or referral NS records).
 */
final class CacheWalk {
  private final ResolverCache cache;
  private final int maxChain;
  private final RecursiveResolver prefetcher;

  /** {@code prefetcher}: the resolver to refresh entries nearing expiry, or null. */
  CacheWalk(ResolverCache cache, int maxChain, RecursiveResolver prefetcher) {
    this.cache = cache;
    this.maxChain = maxChain;
    this.prefetcher = prefetcher;
  }

  /**
   * The answer, or null when the cache knows nothing about the name. With {@code stale} only a
   * complete answer (ending in data or a negative answer) is returned; otherwise a CNAME chain
   * that stops short is returned as it is (what an RD=0 query gets).
   */
  Iteration.Answer answer(Name name, int type, boolean allowStale) {
    long now = cache.now();
    long staleTtl = RecursiveResolver.STALE_ANSWER_TTL;
    List<Record> chain = new ArrayList<>();
    Set<Name> seen = new HashSet<>();
    Name cur = name;
    for (int hop = 0; hop <= maxChain && seen.add(cur); hop++) {
      CacheEntry e = entry(cur, type, allowStale, now);
      if (e == null) e = entry(cur, ResolverCache.NXDOMAIN_KEY, allowStale, now);
      if (e != null) {
        if (e.isNegative()) return new Iteration.Answer(e.rcode, chain, e.soaAt(now, staleTtl));
        chain.addAll(e.recordsAt(now, staleTtl));
        if (prefetcher != null && !allowStale) prefetcher.maybePrefetch(e, now);
        return new Iteration.Answer(Rcode.NOERROR, chain, null);
      }
      CacheEntry c = type == RrTypes.CNAME ? null : entry(cur, RrTypes.CNAME, allowStale, now);
      if (c == null) break;
      Record r = c.recordsAt(now, staleTtl).get(0);
      chain.add(r);
      cur = ((CnameRData) r.data()).target();
    }
    return chain.isEmpty() || allowStale ? null : new Iteration.Answer(Rcode.NOERROR, chain, null);
  }

  private CacheEntry entry(Name name, int type, boolean allowStale, long now) {
    CacheEntry e = cache.get(name, type);
    if (e == null || e.trust != CacheEntry.Trust.ANSWER) return null;
    return allowStale || e.isFresh(now) ? e : null;
  }
}
