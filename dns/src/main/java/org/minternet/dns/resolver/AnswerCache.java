package org.minternet.dns.resolver;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UDP fast path of {@link ResolverServer}: encoded responses built from the cache, kept for
 * the rest of the second they were built in, keyed by the query's bytes after the ID (flags,
 * question and EDNS record, so the same bytes always get the same answer). A hit only copies the
 * response and puts the query's ID in. Entries die with the second (TTLs stay exact to the
 * second) and with any flush of the resolver cache (its generation).
 */
final class AnswerCache {
  /** Queries longer than this are not looked up (a question and an OPT record fit easily). */
  static final int MAX_QUERY = 300;
  /** Entries held at most; beyond, the map is cleared (they live a second anyway). */
  static final int MAX_ENTRIES = 50_000;

  private static final class Key {
    final byte[] data;
    final int offset;
    final int length;
    final int hash;

    Key(byte[] data, int offset, int length) {
      this.data = data;
      this.offset = offset;
      this.length = length;
      int h = 1;
      for (int i = offset; i < offset + length; i++) h = 31 * h + data[i];
      this.hash = h;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(data, offset, offset + length,
          k.data, k.offset, k.offset + k.length);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private record Entry(byte[] response, long second, long generation) {}

  private final ConcurrentHashMap<Key, Entry> map = new ConcurrentHashMap<>();

  /** The response to these query bytes, with their ID, or null. */
  byte[] lookup(byte[] query, int length, long second, long generation) {
    if (length > MAX_QUERY || length < 12) return null;
    Entry e = map.get(new Key(query, 2, length - 2));
    if (e == null || e.second != second || e.generation != generation) return null;
    byte[] out = e.response.clone();
    out[0] = query[0];
    out[1] = query[1];
    return out;
  }

  void store(byte[] query, int length, byte[] response, long second, long generation) {
    if (length > MAX_QUERY || length < 12) return;
    if (map.size() >= MAX_ENTRIES) map.clear();
    map.put(new Key(Arrays.copyOfRange(query, 2, length), 0, length - 2),
        new Entry(response, second, generation));
  }
}
