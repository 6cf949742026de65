package org.minternet.http.proxy;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind {@link CacheStats}. */
final class Counters {
  final LongAdder requests = new LongAdder();
  final LongAdder hits = new LongAdder();
  final LongAdder misses = new LongAdder();
  final LongAdder revalidations = new LongAdder();
  final LongAdder notModified = new LongAdder();
  final LongAdder passes = new LongAdder();
  final LongAdder tunnels = new LongAdder();
  final LongAdder bytesFromCache = new LongAdder();
  final LongAdder bytesFromOrigin = new LongAdder();

  CacheStats snapshot(CacheStore store, DiskTier disk) {
    return new CacheStats(requests.sum(), hits.sum(), misses.sum(), revalidations.sum(),
        notModified.sum(), passes.sum(), tunnels.sum(), bytesFromCache.sum(),
        bytesFromOrigin.sum(), store.objects(), store.memoryBytes(),
        disk == null ? 0 : disk.bytes());
  }
}
