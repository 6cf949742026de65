package org.minternet.dns.resolver;

/**
 * A snapshot of the resolver cache's counters.
 *
 * @param hits client lookups answered from the cache
 * @param misses client lookups that had to ask authorities
 * @param entries RRsets and negative answers held (including stale ones kept for RFC 8767)
 * @param bytes estimated memory held by the entries
 * @param evictions entries removed for size or expiry
 * @param staleAnswers answers served from expired data because every authority failed
 * @param prefetches refreshes started before an entry expired
 */
public record CacheStats(long hits, long misses, long entries, long bytes, long evictions,
    long staleAnswers, long prefetches) {
  @Override
  public String toString() {
    return "hits=" + hits + " misses=" + misses + " entries=" + entries + " bytes=" + bytes
        + " evictions=" + evictions + " stale=" + staleAnswers + " prefetches=" + prefetches;
  }
}
