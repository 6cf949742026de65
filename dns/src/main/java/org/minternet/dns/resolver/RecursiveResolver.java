package org.minternet.dns.resolver;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.minternet.core.naming.MailExchanger;
import org.minternet.core.naming.NameResolver;
import org.minternet.dns.wire.AaaaRData;
import org.minternet.dns.wire.ARData;
import org.minternet.dns.wire.CnameRData;
import org.minternet.dns.wire.DnsClass;
import org.minternet.dns.wire.MxRData;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.TxtRData;
import org.minternet.dns.wire.WireFormatException;

/**
 * An iterative, caching DNS resolver (RFC 1034 §5.3.3): it starts from the root servers of its
 * hints, follows referrals and CNAMEs, and caches what it learns (see {@link ResolverCache}).
 * Used in-process by the other modules as a {@link NameResolver}, and served to clients over
 * the network by {@link ResolverServer}.
 *
 * <pre>{@code
 * RecursiveResolver r = RecursiveResolver.builder()
 *     .rootServers(List.of(InetAddress.getByName("127.1.0.1")))
 *     .authorityPort(5300)           // referrals carry no ports: every authority uses this one
 *     .build();
 * List<InetAddress> a = r.addresses("gaia.cs.umass.edu");
 * Resolution res = r.resolve(Name.of("www.example.com."), RrTypes.A, true); // with its trace
 * }</pre>
 *
 * <p>Identical questions asked at the same time share one resolution. Thread-safe.
 */
public final class RecursiveResolver implements NameResolver, Closeable {
  /** RFC 9156 §2.3 MAX_MINIMISE_COUNT: minimised queries before asking the full name. */
  static final int MAX_MINIMISED_QUERIES = 10;
  /** TTL of stale data served when the authorities fail (RFC 8767 §4). */
  static final long STALE_ANSWER_TTL = 30;
  /** Prefetch when less than this fraction of an entry's TTL is left (as Unbound does). */
  static final double PREFETCH_FRACTION = 0.1;
  /** Entries with a shorter TTL are not prefetched. */
  static final long PREFETCH_MIN_TTL = 10;

  final List<InetAddress> rootServers;
  final int authorityPort;
  final boolean qnameMinimisation;
  final boolean useIpv6;
  final Duration queryTimeout;
  final int maxQueriesPerQuestion;
  final int maxReferrals;
  final int maxCnameChain;
  final int maxNesting;
  final boolean serveStale;
  private final Duration staleClientTimeout;
  final boolean prefetch;
  final Upstream upstream = new Upstream();
  final ServerSelection selection = new ServerSelection();
  private final ResolverCache cache;
  private final ConcurrentHashMap<Question, CompletableFuture<Resolution>> inFlight =
      new ConcurrentHashMap<>();
  private final ExecutorService background =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("dns-prefetch-", 0).factory());
  private final Semaphore prefetchSlots = new Semaphore(64);

  private RecursiveResolver(Builder b) {
    if (b.rootServers.isEmpty()) throw new IllegalArgumentException("no root servers");
    this.rootServers = List.copyOf(b.rootServers);
    this.authorityPort = b.authorityPort;
    this.qnameMinimisation = b.qnameMinimisation;
    this.useIpv6 = b.useIpv6;
    this.queryTimeout = b.queryTimeout;
    this.maxQueriesPerQuestion = b.maxQueriesPerQuestion;
    this.maxReferrals = b.maxReferrals;
    this.maxCnameChain = b.maxCnameChain;
    this.maxNesting = b.maxNesting;
    this.serveStale = b.serveStale;
    this.staleClientTimeout = b.staleClientTimeout;
    this.prefetch = b.prefetch;
    this.cache = new ResolverCache(b.maxCacheBytes, b.maxTtl.toSeconds(),
        b.maxNegativeTtl.toSeconds(), b.serveStale ? b.staleWindow.toSeconds() : 0, b.clock);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The cache, for statistics, listing and flushing. */
  public ResolverCache cache() {
    return cache;
  }

  ResolverCache cacheInternal() {
    return cache;
  }

  /** Resolves a name and type of class IN; never throws for DNS failures (see the rcode). */
  public Resolution resolve(Name name, int type) {
    return resolve(name, type, false);
  }

  /**
   * Resolves a name and type of class IN.
   *
   * @param trace record each step (server asked, what came back) in {@link Resolution#trace()}
   */
  public Resolution resolve(Name name, int type, boolean trace) {
    Question q = new Question(name, type, DnsClass.IN);
    if (trace) return compute(q, true);
    // with expired data at hand, a slow resolution is not waited for beyond the client timeout
    // (RFC 8767 §5): the stale answer goes out and the resolution goes on to refresh the cache
    Iteration.Answer stale = null;
    if (serveStale && !staleClientTimeout.isZero()) {
      CacheWalk walk = new CacheWalk(cache, maxCnameChain, null);
      if (walk.answer(name, type, false) == null) stale = walk.answer(name, type, true);
    }
    CompletableFuture<Resolution> mine = new CompletableFuture<>();
    CompletableFuture<Resolution> running = inFlight.putIfAbsent(q, mine);
    if (running == null && stale == null) {
      computeInto(q, mine);
      return mine.join();
    }
    CompletableFuture<Resolution> pending = running != null ? running : mine;
    if (running == null) Thread.ofVirtual().name("resolve-" + name).start(() -> computeInto(q, mine));
    if (stale == null) return pending.join();
    try {
      return pending.get(staleClientTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      cache.countStale();
      return new Resolution(q, stale.rcode(), stale.records(),
          stale.soa() == null ? List.of() : List.of(stale.soa()), true, List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Resolution(q, Rcode.SERVFAIL, List.of(), List.of(), false, List.of());
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      if (e.getCause() instanceof Error er) throw er;
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Resolves {@code q} into {@code result}, then forgets it as in flight. */
  private void computeInto(Question q, CompletableFuture<Resolution> result) {
    try {
      result.complete(compute(q, false));
    } catch (RuntimeException | Error e) {
      result.completeExceptionally(e);
    } finally {
      inFlight.remove(q, result);
    }
  }

  /** Resolutions under way (tests). */
  int inFlight() {
    return inFlight.size();
  }

  /**
   * The answer from the cache alone (for RD=0 queries), possibly only the start of a CNAME chain;
   * null when nothing fresh is cached. Not counted in the statistics.
   */
  public Resolution fromCache(Name name, int type) {
    Question q = new Question(name, type, DnsClass.IN);
    Iteration.Answer a = new CacheWalk(cache, maxCnameChain, this).answer(name, type, false);
    if (a == null) return null;
    return new Resolution(q, a.rcode(), a.records(), a.soa() == null ? List.of() : List.of(a.soa()),
        false, List.of());
  }

  private Resolution compute(Question q, boolean trace) {
    Iteration it = new Iteration(this, trace);
    Iteration.Answer a = it.resolve(q.name(), q.type(), 0, false);
    if (it.queriesSent() == 0) cache.countHit(); else cache.countMiss();
    if (a.rcode() == Rcode.SERVFAIL && serveStale) {
      Iteration.Answer stale = new CacheWalk(cache, maxCnameChain, null).answer(q.name(), q.type(), true);
      if (stale != null) {
        cache.countStale();
        return new Resolution(q, stale.rcode(), stale.records(),
            stale.soa() == null ? List.of() : List.of(stale.soa()), true, it.trace());
      }
    }
    List<Record> answers = a.records().stream().map(r -> r.withTtl(cache.cappedTtl(r.ttl())))
        .toList();
    List<Record> authority = a.soa() == null ? List.of()
        : List.of(a.soa().withTtl(cache.cappedNegativeTtl(a.soa().ttl())));
    return new Resolution(q, a.rcode(), answers, authority, false, it.trace());
  }

  /** Starts a background refresh of a popular entry nearing expiry (once per entry). */
  void maybePrefetch(CacheEntry e, long now) {
    if (!prefetch || e.ttlSeconds < PREFETCH_MIN_TTL) return;
    if (e.remainingSeconds(now) >= e.ttlSeconds * PREFETCH_FRACTION) return;
    if (!e.prefetching.compareAndSet(false, true) || !prefetchSlots.tryAcquire()) return;
    cache.countPrefetch();
    try {
      background.execute(() -> {
        try {
          new Iteration(this, false).resolve(e.name, e.type, 0, true);
        } finally {
          prefetchSlots.release();
        }
      });
    } catch (RuntimeException ex) {
      prefetchSlots.release();
    }
  }

  // ---- NameResolver and the Java API used by the other modules ----

  @Override
  public List<InetAddress> addresses(String host) throws IOException {
    if (host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.indexOf(':') >= 0) {
      return List.of(InetAddress.getByName(host));
    }
    Name name = parse(host);
    List<InetAddress> out = new ArrayList<>();
    Resolution a = resolve(name, RrTypes.A);
    check(a, host);
    for (Record r : a.records()) out.add(((ARData) r.data()).address());
    if (useIpv6) {
      Resolution aaaa = resolve(name, RrTypes.AAAA);
      if (aaaa.rcode() == Rcode.NOERROR) {
        for (Record r : aaaa.records()) out.add(((AaaaRData) r.data()).address());
      }
    }
    if (out.isEmpty()) throw new UnknownHostException(host + ": no address");
    return out;
  }

  /**
   * The mail exchangers of a domain (RFC 5321 §5.1): MX records by preference; without MX
   * records the domain itself; an empty list for a null MX (RFC 7505: one MX of preference 0
   * and exchange ".").
   */
  @Override
  public List<MailExchanger> mailExchangers(String domain) throws IOException {
    Name name = parse(domain);
    Resolution mx = resolve(name, RrTypes.MX);
    check(mx, domain);
    List<Record> records = mx.records();
    if (records.isEmpty()) return List.of(new MailExchanger(0, domain));
    if (records.size() == 1 && ((MxRData) records.get(0).data()).exchange().isRoot()) {
      return List.of();
    }
    List<MailExchanger> out = new ArrayList<>();
    for (Record r : records) {
      MxRData d = (MxRData) r.data();
      if (d.exchange().isRoot()) continue;
      out.add(new MailExchanger(d.preference(), hostText(d.exchange())));
    }
    out.sort(Comparator.comparingInt(MailExchanger::preference));
    return out;
  }

  /** The TXT strings of a name, each record's strings joined; empty when there are none. */
  public List<String> txt(String name) throws IOException {
    Resolution r = resolve(parse(name), RrTypes.TXT);
    check(r, name);
    return r.records().stream().map(rec -> ((TxtRData) rec.data()).text()).toList();
  }

  /** The canonical name of a host after following CNAMEs (the name itself if none). */
  public String canonicalName(String host) throws IOException {
    Resolution r = resolve(parse(host), RrTypes.A);
    check(r, host);
    Name n = parse(host);
    for (Record rec : r.answers()) {
      if (rec.type() == RrTypes.CNAME && rec.name().equals(n)) n = ((CnameRData) rec.data()).target();
    }
    return hostText(n);
  }

  private static Name parse(String host) throws UnknownHostException {
    try {
      return Name.parse(host);
    } catch (WireFormatException e) {
      throw new UnknownHostException(host + ": " + e.getMessage());
    }
  }

  private static void check(Resolution r, String name) throws IOException {
    if (r.rcode() == Rcode.NXDOMAIN) throw new UnknownHostException(name + ": no such domain");
    if (r.rcode() != Rcode.NOERROR) {
      throw new IOException(name + ": resolution failed (" + Rcode.toText(r.rcode()) + ")");
    }
  }

  private static String hostText(Name n) {
    String s = n.toString();
    return s.length() > 1 && s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public void close() {
    background.shutdownNow();
  }

  /** Configuration of a resolver; every limit has a default suitable for the world. */
  public static final class Builder {
    private List<InetAddress> rootServers = List.of();
    private int authorityPort = 53;
    private boolean qnameMinimisation = true;
    private boolean useIpv6;
    private Duration queryTimeout = Duration.ofMillis(800);
    private int maxQueriesPerQuestion = 64;
    private int maxReferrals = 16;
    private int maxCnameChain = 12;
    private int maxNesting = 4;
    private long maxCacheBytes = 64L << 20;
    private Duration maxTtl = Duration.ofDays(1);
    private Duration maxNegativeTtl = Duration.ofHours(1);
    private boolean serveStale = true;
    private Duration staleWindow = Duration.ofDays(1);
    private Duration staleClientTimeout = Duration.ofMillis(1800);
    private boolean prefetch = true;
    private LongSupplier clock = System::nanoTime;

    /** The root servers' addresses (the world's root by default in the world's wiring). */
    public Builder rootServers(List<InetAddress> addresses) {
      this.rootServers = List.copyOf(addresses);
      return this;
    }

    /** The root servers from a hints file (see {@link RootHints}). */
    public Builder rootHints(RootHints hints) {
      this.rootServers = hints.addresses();
      return this;
    }

    /** The port every authority is asked on (53 on the Internet, 5300 in the default world). */
    public Builder authorityPort(int port) {
      if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port);
      this.authorityPort = port;
      return this;
    }

    /** QNAME minimisation (RFC 9156), on by default. */
    public Builder qnameMinimisation(boolean on) {
      this.qnameMinimisation = on;
      return this;
    }

    /** Also use IPv6 addresses of name servers and return AAAA in {@link #addresses}. */
    public Builder ipv6(boolean on) {
      this.useIpv6 = on;
      return this;
    }

    /** Wait for one UDP answer (doubled on the second round). Default 800 ms. */
    public Builder queryTimeout(Duration timeout) {
      this.queryTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Queries sent at most for one client question, all lookups included. Default 64. */
    public Builder maxQueriesPerQuestion(int n) {
      this.maxQueriesPerQuestion = n;
      return this;
    }

    /** Referrals followed at most while resolving one name. Default 16. */
    public Builder maxReferrals(int n) {
      this.maxReferrals = n;
      return this;
    }

    /** CNAMEs followed at most. Default 12. */
    public Builder maxCnameChain(int n) {
      this.maxCnameChain = n;
      return this;
    }

    /** Nesting of name-server address lookups (servers without glue). Default 4. */
    public Builder maxNesting(int n) {
      this.maxNesting = n;
      return this;
    }

    /** Memory bound of the cache, estimated. Default 64 MiB. */
    public Builder maxCacheBytes(long bytes) {
      this.maxCacheBytes = bytes;
      return this;
    }

    /** TTLs above this are capped. Default one day. */
    public Builder maxTtl(Duration ttl) {
      this.maxTtl = Objects.requireNonNull(ttl);
      return this;
    }

    /** Negative answers are cached at most this long. Default one hour. */
    public Builder maxNegativeTtl(Duration ttl) {
      this.maxNegativeTtl = Objects.requireNonNull(ttl);
      return this;
    }

    /** Serve expired data when every authority fails (RFC 8767). On by default. */
    public Builder serveStale(boolean on) {
      this.serveStale = on;
      return this;
    }

    /**
     * How long a client waits for a resolution when expired data could answer it (RFC 8767 §5,
     * stale-answer-client-timeout): after this the stale answer is sent while the resolution goes
     * on. Default 1.8 s, as the RFC suggests; zero turns it off (stale data only on failure).
     */
    public Builder staleClientTimeout(Duration timeout) {
      if (timeout.isNegative()) throw new IllegalArgumentException("timeout " + timeout);
      this.staleClientTimeout = timeout;
      return this;
    }

    /** How long expired data is kept for serve-stale. Default one day. */
    public Builder staleWindow(Duration window) {
      this.staleWindow = Objects.requireNonNull(window);
      return this;
    }

    /** Refresh entries asked for in the last tenth of their TTL. On by default. */
    public Builder prefetch(boolean on) {
      this.prefetch = on;
      return this;
    }

    /** The time source in nanoseconds (tests). */
    Builder clock(LongSupplier nanos) {
      this.clock = Objects.requireNonNull(nanos);
      return this;
    }

    public RecursiveResolver build() {
      return new RecursiveResolver(this);
    }
  }
}
