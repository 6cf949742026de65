package org.minternet.http.proxy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of a caching proxy's statistics.
 *
 * @param requests requests received from clients (CONNECT included)
 * @param hits requests answered from the store without contacting the origin
 * @param misses cacheable requests (GET, HEAD) that had to go to the origin without a stored
 *     response to validate
 * @param revalidations conditional requests the cache sent to validate a stored response
 * @param notModified of those, the ones the origin answered 304 (the stored body was served)
 * @param passes requests forwarded without the cache (other methods, Range misses)
 * @param tunnels CONNECT tunnels opened
 * @param bytesFromCache body bytes sent to clients from the store
 * @param bytesFromOrigin body bytes received from origins
 * @param objects keys in the memory store
 * @param storedBytes bytes held by the memory store
 * @param diskBytes bytes in the disk tier (0 without one)
 */
public record CacheStats(long requests, long hits, long misses, long revalidations,
    long notModified, long passes, long tunnels, long bytesFromCache, long bytesFromOrigin,
    long objects, long storedBytes, long diskBytes) {
  /** Hits (including validated hits) over cacheable requests, 0 when there were none. */
  public double hitRatio() {
    long cacheable = hits + misses + revalidations;
    return cacheable == 0 ? 0 : (double) (hits + notModified) / cacheable;
  }

  /** The statistics as name/value pairs, in a stable order. */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("requests", requests);
    m.put("hits", hits);
    m.put("misses", misses);
    m.put("revalidations", revalidations);
    m.put("not_modified", notModified);
    m.put("passes", passes);
    m.put("tunnels", tunnels);
    m.put("bytes_from_cache", bytesFromCache);
    m.put("bytes_from_origin", bytesFromOrigin);
    m.put("objects", objects);
    m.put("stored_bytes", storedBytes);
    m.put("disk_bytes", diskBytes);
    return m;
  }

  /** One {@code name: value} line per figure and the hit ratio, as the CLI prints them. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    asMap().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    sb.append(String.format(Locale.ROOT, "hit_ratio: %.3f%n", hitRatio()));
    return sb.toString();
  }

  /** Parses the output of {@link #format()} (what the stats URL answers). */
  public static CacheStats parse(String text) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      try {
        m.put(line.substring(0, colon).trim(), Long.parseLong(line.substring(colon + 1).trim()));
      } catch (NumberFormatException e) {
        // hit_ratio and unknown lines
      }
    }
    return new CacheStats(m.getOrDefault("requests", 0L), m.getOrDefault("hits", 0L),
        m.getOrDefault("misses", 0L), m.getOrDefault("revalidations", 0L),
        m.getOrDefault("not_modified", 0L), m.getOrDefault("passes", 0L),
        m.getOrDefault("tunnels", 0L), m.getOrDefault("bytes_from_cache", 0L),
        m.getOrDefault("bytes_from_origin", 0L), m.getOrDefault("objects", 0L),
        m.getOrDefault("stored_bytes", 0L), m.getOrDefault("disk_bytes", 0L));
  }
}
