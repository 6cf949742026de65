package org.minternet.http.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.minternet.core.Endpoint;
import org.minternet.core.io.LineReader;
import org.minternet.core.naming.NameResolver;
import org.minternet.core.net.ServerBuilder;
import org.minternet.core.net.TcpListener;
import org.minternet.http.HttpServer;
import org.minternet.http.client.HttpClient;
import org.minternet.http.engine.Http1Connection;
import org.minternet.http.wire.Limits;

/**
 * The institution's web cache: an HTTP/1.1 proxy with a shared cache (RFC 9111), in forward mode
 * (clients configured to use it: absolute-form requests and CONNECT tunnels) or reverse mode (an
 * accelerator in front of one origin).
 *
 * <pre>{@code
 * CachingProxy proxy = CachingProxy.builder().host("cache.poly.edu").bind(addr).port(3128)
 *     .resolver(world.resolver()).allow("127.0.0.0/8").diskDirectory(data.resolve("http-cache"))
 *     .build();
 * List<Endpoint> endpoints = proxy.start();
 * CacheStats stats = proxy.stats();
 * }</pre>
 *
 * <p>In forward mode the statistics are also served to allowed clients at {@link #STATS_PATH}
 * (an origin-form request to the proxy itself), which {@link #fetchStats} reads for the command
 * line.
 */
public final class CachingProxy implements AutoCloseable {
  /** Where a forward proxy answers its statistics (origin-form, allowed clients only). */
  public static final String STATS_PATH = "/minternet/cache-stats";
  /** The port of the world's port plan. */
  public static final int DEFAULT_PORT = 3128;

  private final ProxyConfig config;
  private final Counters counters = new Counters();
  private TcpListener listener;
  /** Idle connections kept per origin. */
  static final int MAX_IDLE_PER_ORIGIN = 32;

  private HttpClient origins;
  private CacheStore store;
  private DiskTier disk;

  public CachingProxy(ProxyConfig config) {
    this.config = Objects.requireNonNull(config);
  }

  public static Builder builder() {
    return new Builder();
  }

  public ProxyConfig config() {
    return config;
  }

  /** Opens the store, binds the port and starts serving; returns the bound endpoint. */
  public List<Endpoint> start() throws IOException {
    if (config.diskDirectory() != null) disk = new DiskTier(config.diskDirectory(), config.diskBytes());
    store = new CacheStore(config.memoryBytes(), config.maxObjectBytes(), disk);
    origins = HttpClient.builder().resolver(config.resolver())
        .connectTimeout(config.connectTimeout()).timeout(config.originTimeout())
        .name("http-proxy-origin").transcript(config.transcript())
        .maxIdlePerOrigin(MAX_IDLE_PER_ORIGIN).build();
    Upstream upstream = new Upstream(origins);
    HttpCache cache = new HttpCache(store, upstream, counters, config.clock(), config.via());
    Http1Connection handler = new Http1Connection(new Http1Connection.Settings(
        config.idleTimeout(), config.headTimeout(), Http1Connection.Settings.DEFAULT_BODY_TIMEOUT,
        config.limits(), Http1Connection.Settings.DEFAULT_MAX_DISCARDED_BODY),
        new ProxyResponder(config, cache, upstream, counters, this::stats));
    try {
      listener = TcpListener.builder().name("http-proxy").bind(config.bind()).port(config.port())
          .maxConnections(config.maxConnections()).idleTimeout(config.idleTimeout())
          .acceptors(HttpServer.ACCEPTORS)
          .lineEndings(LineReader.Endings.STRICT)
          .maxLineLength(Math.max(config.limits().maxRequestLine(),
              config.limits().maxHeaderSection()))
          .handler(handler).transcript(config.transcript())
          .rejecter(c -> {
            c.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close"
                + "\r\nRetry-After: 5\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            c.flush();
          })
          .start();
    } catch (IOException e) {
      close();
      throw e;
    }
    return List.of(listener.endpoint(config.host(), "http-proxy"));
  }

  /** The bound port (after start). */
  public int port() {
    return listener.port();
  }

  /** The statistics now. */
  public CacheStats stats() {
    return counters.snapshot(store, disk);
  }

  /** Waits until pending disk writes are done (tests, orderly shutdown). */
  void syncDisk() {
    if (disk != null) disk.sync();
  }

  @Override
  public void close() {
    if (listener != null) listener.close();
    if (origins != null) origins.close();
    if (store != null) store.close();
  }

  /**
   * Reads the statistics of a running forward proxy (what {@code minternet http proxy-stats HOST:PORT}
   * prints).
   *
   * @throws IOException when the proxy cannot be reached or refuses (e.g. 403 for this client)
   */
  public static CacheStats fetchStats(InetSocketAddress proxy, Duration timeout)
      throws IOException {
    try (Socket s = new Socket()) {
      s.connect(proxy, (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      OutputStream out = org.minternet.core.net.WriteTimeouts.guard(s, timeout);
      out.write(("GET " + STATS_PATH + " HTTP/1.1\r\nHost: " + proxy.getHostString()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String text = new String(in.readNBytes(1 << 16), StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.1 200") || end < 0) {
        int eol = text.indexOf('\r');
        throw new IOException("proxy answered " + (eol > 0 ? text.substring(0, eol) : "nothing"));
      }
      return CacheStats.parse(text.substring(end + 4));
    }
  }

  /** Configuration of a proxy; every setting has a default for a loopback forward proxy. */
  public static final class Builder extends ServerBuilder<Builder, ProxyService> {
    private String host = "localhost";
    private ProxyConfig.ReverseOrigin reverse;
    private NameResolver resolver = NameResolver.system();
    private List<String> networks = List.of("127.0.0.0/8", "::1/128"); // loopback only
    private Set<Integer> connectPorts = Set.of();
    private long memoryBytes = ProxyConfig.DEFAULT_MEMORY_BYTES;
    private long maxObjectBytes = ProxyConfig.DEFAULT_MAX_OBJECT_BYTES;
    private Path diskDirectory;
    private long diskBytes = ProxyConfig.DEFAULT_DISK_BYTES;
    private boolean debugHeader;
    private String via;
    private Duration headTimeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration originTimeout = Duration.ofSeconds(60);
    private Limits limits = Limits.DEFAULT.withMaxBody(1L << 30);
    private Clock clock = Clock.systemUTC();
    private Consumer<String> accessLog;

    Builder() {
      super(ProxyService.class, 10_000, Duration.ofSeconds(60));
      port(ProxyService.PROXY, DEFAULT_PORT);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** The world host name (default "localhost"); also the default Via pseudonym. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** The port (default 3128; 0 picks a free one). */
    public Builder port(int port) {
      return port(ProxyService.PROXY, port);
    }

    /** Reverse (accelerator) mode in front of {@code host:port}. */
    public Builder reverse(String host, int port) {
      this.reverse = new ProxyConfig.ReverseOrigin(host, port);
      return this;
    }

    /** How origin names are resolved (default: the system resolver). */
    public Builder resolver(NameResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver);
      return this;
    }

    /**
     * Replaces the client networks (default: loopback) with these CIDR prefixes, parsed as
     * {@link org.minternet.core.net.AddressRange#parse} does.
     */
    public Builder allow(String... cidrs) {
      this.networks = List.of(cidrs);
      return this;
    }

    public Builder allow(List<String> cidrs) {
      this.networks = List.copyOf(cidrs);
      return this;
    }

    /** Restricts CONNECT to these ports (default: any port). */
    public Builder connectPorts(Set<Integer> ports) {
      this.connectPorts = Set.copyOf(ports);
      return this;
    }

    public Builder memoryBytes(long bytes) {
      this.memoryBytes = bytes;
      return this;
    }

    public Builder maxObjectBytes(long bytes) {
      this.maxObjectBytes = bytes;
      return this;
    }

    /** Enables the disk tier in {@code dir} (e.g. DATA/http-cache), bounded by {@code bytes}. */
    public Builder diskDirectory(Path dir, long bytes) {
      this.diskDirectory = dir;
      this.diskBytes = bytes;
      return this;
    }

    public Builder diskDirectory(Path dir) {
      return diskDirectory(dir, ProxyConfig.DEFAULT_DISK_BYTES);
    }

    /** Adds {@code X-Cache: HIT from …} (or MISS, REVALIDATED, …) to every reply. */
    public Builder debugHeader(boolean on) {
      this.debugHeader = on;
      return this;
    }

    /** The Via pseudonym (default: the host name). */
    public Builder via(String pseudonym) {
      this.via = pseudonym;
      return this;
    }

    public Builder headTimeout(Duration d) {
      this.headTimeout = Objects.requireNonNull(d);
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d);
      return this;
    }

    public Builder originTimeout(Duration d) {
      this.originTimeout = Objects.requireNonNull(d);
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits);
      return this;
    }

    /**
     * Receives one access-log line per request handled, once its reply is written (or its tunnel
     * closed): requests answered from the cache or the origin, CONNECT tunnels, clients refused
     * with 403, malformed requests and errors such as 502 and 504. The line is the origin
     * server's Combined Log Format ({@link org.minternet.http.AccessLog#format}) followed by the
     * cache result in quotes, Squid's codes ({@code "TCP_MEM_HIT"}, {@code "TCP_HIT"} from the
     * disk tier, {@code "TCP_MISS"}, {@code "TCP_REFRESH_UNMODIFIED"}, {@code
     * "TCP_REFRESH_MODIFIED"}, {@code "TCP_REFRESH_FAIL_OLD"}, {@code "TCP_REFRESH_FAIL_ERR"},
     * {@code "TCP_PASS"}, {@code "TCP_TUNNEL"}, {@code "TCP_DENIED"}, {@code "NONE"}, with
     * {@code _ABORTED} appended when the reply was cut short), and the milliseconds from the
     * request's first byte to the end of the reply:
     *
     * <pre>
     * 127.0.0.1 - - [01/Jan/2026:00:00:05 +0000] "GET http://a.test/x HTTP/1.1" 200 1234 "-" "curl/8.5" "TCP_MEM_HIT" 0
     * </pre>
     *
     * The sink is called on the request's thread, as the origin server's is; use {@link
     * org.minternet.http.AccessLog#toFile} for a file.
     */
    public Builder accessLog(Consumer<String> sink) {
      this.accessLog = sink;
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    public ProxyConfig config() {
      Integer port = ports().get(ProxyService.PROXY);
      if (port == null) throw new IllegalStateException("the proxy needs a port (-1 turns it off)");
      return new ProxyConfig(host, bindAddress(), port, reverse, resolver, networks, connectPorts,
          memoryBytes, maxObjectBytes, diskDirectory, diskBytes, debugHeader,
          via == null ? host : via, idleTimeout(), headTimeout, connectTimeout, originTimeout,
          maxConnections(), limits, transcript(), clock, accessLog);
    }

    public CachingProxy build() {
      return new CachingProxy(config());
    }
  }
}
