package org.minternet.dns.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Response rate limiting per client prefix (IPv4 /24, IPv6 /56), as BIND's RRL does against
 * reflection attacks: each prefix may receive {@code perSecond} UDP responses a second (a token
 * bucket holding one second's worth); beyond that responses are dropped, except every
 * {@code slip}-th, which is sent as an empty truncated answer (TC=1) so that a real client
 * retries over TCP, which cannot be spoofed. {@code slip} 0 drops them all.
 */
public final class RateLimiter {
  /** What to do with one response. */
  public enum Verdict { SEND, SLIP, DROP }

  private static final class Bucket {
    final ReentrantLock lock = new ReentrantLock();
    double tokens;
    long last;
    long limited;
  }

  private final int perSecond;
  private final int slip;
  private final LongSupplier clock;
  private final Cache<Key, Bucket> buckets;

  private record Key(byte[] prefix) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(k.prefix, prefix);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(prefix);
    }
  }

  public RateLimiter(int perSecond, int slip, LongSupplier clock) {
    this.perSecond = perSecond;
    this.slip = slip;
    this.clock = clock;
    this.buckets = Caffeine.newBuilder().maximumSize(100_000)
        .expireAfterAccess(Duration.ofSeconds(30)).executor(Runnable::run).build();
  }

  /** The client prefix responses are counted by: IPv4 /24, IPv6 /56. */
  static byte[] prefix(InetAddress a) {
    byte[] b = a.getAddress();
    return Arrays.copyOf(b, b.length == 4 ? 3 : 7);
  }

  /** Counts one response to {@code client}'s prefix and says whether to send it. */
  public Verdict check(InetAddress client) {
    if (perSecond <= 0) return Verdict.SEND;
    Bucket b = buckets.get(new Key(prefix(client)), k -> {
      Bucket n = new Bucket();
      n.tokens = perSecond;
      n.last = clock.getAsLong();
      return n;
    });
    b.lock.lock();
    try {
      long now = clock.getAsLong();
      b.tokens = Math.min(perSecond, b.tokens + (now - b.last) / 1e9 * perSecond);
      b.last = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return Verdict.SEND;
      }
      b.limited++;
      return slip > 0 && b.limited % slip == 0 ? Verdict.SLIP : Verdict.DROP;
    } finally {
      b.lock.unlock();
    }
  }

  /**
   * The slipped form of an encoded response: same header with TC set, the question, no records
   * (so a real client retries over TCP); null if the response cannot be read.
   */
  static byte[] slip(byte[] response) {
    try {
      org.minternet.dns.wire.Message m = org.minternet.dns.wire.Message.decode(response);
      return new org.minternet.dns.wire.Message(m.header().withTc(true), m.questions(), java.util.List.of(),
          java.util.List.of(), java.util.List.of(), m.edns()).encode();
    } catch (org.minternet.dns.wire.WireFormatException e) {
      return null;
    }
  }
}
