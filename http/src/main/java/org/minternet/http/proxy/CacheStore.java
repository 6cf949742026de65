package org.minternet.http.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stored responses, by cache key; under one key, the variants that Vary selects between
 * (newest first). Memory is a Caffeine cache bounded by the total size of the stored responses
 * (W-TinyLFU eviction); an optional {@link DiskTier} keeps every object also on disk, so that it
 * survives restarts and memory evictions. Objects larger than the per-object limit are never
 * stored.
 */
final class CacheStore implements AutoCloseable {
  /** The variants stored under one key, newest first; immutable. */
  record Variants(List<StoredResponse> list) {
    int weight() {
      long n = 0;
      for (StoredResponse r : list) n += r.size();
      return (int) Math.min(Integer.MAX_VALUE, n);
    }
  }

  /** Most variants kept per key (a Vary on a field with many values must not flood the store). */
  static final int MAX_VARIANTS = 16;

  private final Cache<String, Variants> memory;
  private final DiskTier disk;
  private final long maxObjectBytes;
  private final AtomicLong bytes = new AtomicLong();

  CacheStore(long maxMemoryBytes, long maxObjectBytes, DiskTier disk) {
    this.maxObjectBytes = maxObjectBytes;
    this.disk = disk;
    this.memory = Caffeine.newBuilder()
        .maximumWeight(maxMemoryBytes)
        .weigher((String k, Variants v) -> v.weight())
        .executor(Runnable::run)
        .build();
  }

  long maxObjectBytes() {
    return maxObjectBytes;
  }

  /**
   * What a lookup found: the variants, newest first (empty when none), and whether they were read
   * from the disk tier because memory did not hold them (the access log's {@code TCP_HIT} as
   * opposed to {@code TCP_MEM_HIT}).
   */
  record Lookup(List<StoredResponse> variants, boolean fromDisk) {}

  /** The variants under {@code key}, newest first; empty when none. */
  List<StoredResponse> get(String key) {
    return lookup(key).variants();
  }

  /** The variants under {@code key}, read from the disk tier (and kept in memory) if needed. */
  Lookup lookup(String key) {
    Variants v = memory.getIfPresent(key);
    if (v != null) return new Lookup(v.list(), false);
    if (disk != null) {
      List<StoredResponse> fromDisk = disk.read(key);
      if (!fromDisk.isEmpty()) {
        memory.asMap().putIfAbsent(key, new Variants(fromDisk));
        return new Lookup(fromDisk, true);
      }
    }
    return new Lookup(List.of(), false);
  }

  /** Stores {@code r}, replacing a variant with the same Vary values. */
  boolean put(StoredResponse r) {
    if (r.body().length > maxObjectBytes) return false;
    Variants merged = memory.asMap().compute(r.key(), (k, old) -> {
      List<StoredResponse> list = new ArrayList<>();
      list.add(r);
      List<StoredResponse> previous = old != null ? old.list()
          : disk != null ? disk.read(k) : List.of();
      for (StoredResponse o : previous) {
        if (list.size() >= MAX_VARIANTS) break;
        if (!o.varyValues().equals(r.varyValues())) list.add(o);
      }
      return new Variants(List.copyOf(list));
    });
    if (disk != null) disk.write(r.key(), merged.list());
    return true;
  }

  /** Replaces one stored variant by an updated one (after a 304, RFC 9111 §4.3.4). */
  void replace(StoredResponse old, StoredResponse updated) {
    Variants merged = memory.asMap().computeIfPresent(old.key(), (k, v) -> {
      List<StoredResponse> list = new ArrayList<>(v.list());
      int i = list.indexOf(old);
      if (i < 0) return v;
      list.set(i, updated);
      return new Variants(List.copyOf(list));
    });
    if (disk != null && merged != null) disk.write(old.key(), merged.list());
  }

  /** Removes every variant under {@code key} (invalidation, RFC 9111 §4.4). */
  void remove(String key) {
    memory.invalidate(key);
    if (disk != null) disk.delete(key);
  }

  /** Objects (keys) in memory. */
  long objects() {
    memory.cleanUp();
    return memory.estimatedSize();
  }

  /** Bytes held in memory. */
  long memoryBytes() {
    long n = 0;
    for (Variants v : memory.asMap().values()) n += v.weight();
    return n;
  }

  @Override
  public void close() {
    if (disk != null) disk.close();
  }
}
