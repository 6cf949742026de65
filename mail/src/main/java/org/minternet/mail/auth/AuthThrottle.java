package org.minternet.mail.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.InterruptedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.minternet.core.net.AddressRanges;

/**
 * Throttling of failed authentication per client address, shared by the SMTP, POP3 and IMAP
 * services of one mail host — what Postfix's anvil, Dovecot's auth penalty and fail2ban give.
 * A client that guesses passwords cannot escape it by reconnecting or by changing protocol.
 *
 * <p>Contract, per client address (an IPv4 address, or the /64 network of an IPv6 address):
 * <ol>
 *   <li>failed attempts are counted; the count is forgotten when {@code window} passes without a
 *       failure, and reset by a successful login;
 *   <li>once the count reaches {@code threshold}, each further attempt waits before its answer:
 *       {@code initialDelay}, doubling with every further failure, at most {@code maxDelay} (on the
 *       connection's own virtual thread, so other clients are not held up);
 *   <li>once the count reaches {@code ceiling}, attempts are refused without looking at the
 *       password ({@link Refused}); each protocol answers with its temporary error (SMTP
 *       {@code 454 4.7.0}, RFC 4954 §6; POP3 {@code -ERR [SYS/TEMP]}, RFC 3206 §4; IMAP
 *       {@code NO [UNAVAILABLE]}, RFC 5530 §3), so a correct password from that address fails
 *       too until the address has been quiet for {@code window}.
 * </ol>
 * Loopback is not exempt unless listed in {@code exempt}: a whole world runs on loopback.
 * At most {@code maxAddresses} addresses are tracked (least recently used ones are dropped first),
 * so spraying from many addresses costs bounded memory. The crossing of the threshold and of
 * the ceiling is logged once each at INFO.
 *
 * <pre>{@code
 * AuthThrottle throttle = AuthThrottle.builder().threshold(5).window(Duration.ofMinutes(10))
 *     .delays(Duration.ofSeconds(1), Duration.ofSeconds(15)).ceiling(30).exempt(List.of("10.0.0.0/8")).build();
 * }</pre>
 */
public final class AuthThrottle {
  private static final Logger LOG = System.getLogger(AuthThrottle.class.getName());
  public static final int DEFAULT_THRESHOLD = 5;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(15);
  public static final int DEFAULT_CEILING = 30;
  public static final int DEFAULT_MAX_ADDRESSES = 100_000;

  /** The attempt was refused: the address reached the ceiling of failures. */
  public static final class Refused extends Exception {
    Refused() {
      super("too many failed authentications from this address", null, false, false);
    }
  }

  /** What to do with an attempt before checking its credentials. */
  record Verdict(boolean refused, Duration delay) {
    static final Verdict GO = new Verdict(false, Duration.ZERO);
    static final Verdict REFUSE = new Verdict(true, Duration.ZERO);
  }

  /** Waits before an answer; tests replace it so that no test sleeps. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private record Failures(int count, long lastNanos) {}

  private final Builder settings;
  private final Cache<String, Failures> failures;

  private AuthThrottle(Builder b) {
    this.settings = b;
    LongSupplier clock = b.clock;
    this.failures = Caffeine.newBuilder().maximumSize(b.maxAddresses).expireAfterWrite(b.window)
        .ticker(clock::getAsLong).executor(Runnable::run).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A throttle with the defaults: 5 failures in 10 minutes, then 1 s to 15 s delays, refused from 30. */
  public static AuthThrottle defaults() {
    return builder().build();
  }

  /** A throttle that never delays nor refuses (for a world that relies on something else). */
  public static AuthThrottle disabled() {
    return builder().threshold(Integer.MAX_VALUE).ceiling(Integer.MAX_VALUE).build();
  }

  /**
   * One authentication attempt from {@code client}: refuses it at the ceiling, waits the penalty
   * above the threshold, runs {@code check} (empty when the credentials are wrong) and counts the
   * outcome.
   *
   * @throws Refused at the ceiling, without running {@code check}
   * @throws InterruptedIOException when the wait is interrupted (the server is closing)
   */
  public <T> Optional<T> attempt(InetAddress client, Supplier<Optional<T>> check)
      throws Refused, InterruptedIOException {
    Verdict v = verdict(client);
    if (v.refused()) throw new Refused();
    if (!v.delay().isZero()) {
      try {
        settings.sleeper.sleep(v.delay());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted during the authentication delay");
      }
    }
    Optional<T> result = check.get();
    if (result.isPresent()) succeeded(client);
    else failed(client);
    return result;
  }

  /** Whether an attempt from {@code client} goes ahead now, after a delay, or not at all. */
  Verdict verdict(InetAddress client) {
    if (settings.exempt.contains(client)) return Verdict.GO;
    Failures f = current(key(client));
    if (f == null || f.count < settings.threshold) return Verdict.GO;
    if (f.count >= settings.ceiling) return Verdict.REFUSE;
    int doublings = Math.min(f.count - settings.threshold, 20);
    long delay = Math.min(settings.maxDelay.toNanos(), settings.initialDelay.toNanos() << doublings);
    return delay == 0 ? Verdict.GO : new Verdict(false, Duration.ofNanos(delay));
  }

  /** Counts a failure from {@code client}. */
  void failed(InetAddress client) {
    if (settings.exempt.contains(client)) return;
    String key = key(client);
    long now = settings.clock.getAsLong();
    Failures f = failures.asMap().compute(key, (k, old) ->
        old == null || expired(old, now) ? new Failures(1, now) : new Failures(old.count + 1, now));
    if (f.count == settings.threshold) {
      LOG.log(Level.INFO, "{0} failed authentications from {1} within {2}: delaying its further attempts",
          f.count, key, settings.window);
    } else if (f.count == settings.ceiling) {
      LOG.log(Level.INFO, "{0} failed authentications from {1}: refusing its attempts until it is quiet for {2}",
          f.count, key, settings.window);
    }
  }

  /** A successful login resets the address's count. */
  void succeeded(InetAddress client) {
    failures.invalidate(key(client));
  }

  /** The failures counted for {@code client} now (0 when none or forgotten). */
  int failures(InetAddress client) {
    Failures f = current(key(client));
    return f == null ? 0 : f.count;
  }

  /** How many addresses are tracked now (bounded by {@code maxAddresses}). */
  long trackedAddresses() {
    failures.cleanUp();
    return failures.estimatedSize();
  }

  private Failures current(String key) {
    Failures f = failures.getIfPresent(key);
    return f == null || expired(f, settings.clock.getAsLong()) ? null : f;
  }

  private boolean expired(Failures f, long now) {
    return now - f.lastNanos >= settings.window.toNanos();
  }

  /** IPv4: the address; IPv6: its /64 network (one subscriber's usual allocation). */
  static String key(InetAddress client) {
    byte[] a = client.getAddress();
    if (!(client instanceof Inet6Address)) return client.getHostAddress();
    return HexFormat.of().formatHex(a, 0, 8) + "::/64";
  }

  /** Settings of a throttle; every one has a default. */
  public static final class Builder {
    private int threshold = DEFAULT_THRESHOLD;
    private Duration window = DEFAULT_WINDOW;
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private int ceiling = DEFAULT_CEILING;
    private int maxAddresses = DEFAULT_MAX_ADDRESSES;
    private AddressRanges exempt = AddressRanges.NONE;
    private LongSupplier clock = System::nanoTime;
    private Sleeper sleeper = d -> Thread.sleep(d);

    private Builder() {}

    /** Failures after which attempts are delayed (default 5). */
    public Builder threshold(int failures) {
      if (failures < 1) throw new IllegalArgumentException("threshold " + failures);
      this.threshold = failures;
      return this;
    }

    /** How long an address must stay without failures before its count is forgotten (default 10 min). */
    public Builder window(Duration window) {
      if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window " + window);
      this.window = window;
      return this;
    }

    /** The first delay and the largest (default 1 s and 15 s); zero for none. */
    public Builder delays(Duration initial, Duration max) {
      if (initial.isNegative() || max.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("delays " + initial + " " + max);
      }
      this.initialDelay = initial;
      this.maxDelay = max;
      return this;
    }

    /** Failures from which attempts are refused outright (default 30). */
    public Builder ceiling(int failures) {
      if (failures < 1) throw new IllegalArgumentException("ceiling " + failures);
      this.ceiling = failures;
      return this;
    }

    /** Most addresses tracked at once (default 100,000). */
    public Builder maxAddresses(int max) {
      if (max < 1) throw new IllegalArgumentException("maxAddresses " + max);
      this.maxAddresses = max;
      return this;
    }

    /** Client networks (CIDR, e.g. {@code 127.0.0.0/8}) never throttled. None by default. */
    public Builder exempt(List<String> cidrs) {
      this.exempt = AddressRanges.parse(cidrs);
      return this;
    }

    /** The clock in nanoseconds (tests inject one). */
    Builder clock(LongSupplier nanos) {
      this.clock = Objects.requireNonNull(nanos);
      return this;
    }

    /** How delays are waited (tests record them instead). */
    Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper);
      return this;
    }

    public AuthThrottle build() {
      if (ceiling < threshold) throw new IllegalArgumentException("ceiling below threshold");
      return new AuthThrottle(this);
    }
  }
}
