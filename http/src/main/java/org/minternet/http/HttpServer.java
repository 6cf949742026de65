package org.minternet.http;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.minternet.core.Endpoint;
import org.minternet.core.io.LineReader;
import org.minternet.core.net.ServerBuilder;
import org.minternet.core.net.TcpListener;
import org.minternet.core.store.Store;
import org.minternet.http.engine.Http1Connection;
import org.minternet.http.wire.Limits;

/**
 * The HTTP/1.1 origin server (RFC 9110, RFC 9112): virtual hosts, static files, application
 * routes, cookie sessions in the store, an access log; plain HTTP on one port and HTTPS on
 * another.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.builder().host("gaia.cs.umass.edu").bind(addr).port(8080)
 *     .tls(context, 8443).site(Site.builder("gaia.cs.umass.edu").root(dir).build())
 *     .store(store).build();
 * List<Endpoint> endpoints = server.start();
 * }</pre>
 */
public final class HttpServer implements AutoCloseable {
  /** Default time a connection may stay idle between requests. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  /** Default time for a whole request head to arrive once it has started (slowloris defence). */
  public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(10);
  /** Default time for a whole request body to arrive. */
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofMinutes(5);
  /**
   * Longest single field line (the whole header section is bounded by {@link
   * Limits#maxHeaderSection()}); like nginx's 8k large header buffers. Longer is 431.
   */
  public static final int MAX_FIELD_LINE = 8192;
  /**
   * Accepting sockets per port (SO_REUSEPORT): one per core, at most 4, so that clients that take
   * a connection per request are accepted in parallel (the origin server and the caching proxy).
   */
  public static final int ACCEPTORS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  /** Default cap on simultaneous connections per listener. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  /** The settings the responder needs. */
  record Config(String name, Consumer<String> accessLog, BasicAuthenticator authenticator,
      boolean basicAuthOverPlainHttp, List<Site> sites) {
    /** The site whose name or alias is {@code host}; the first site when none is. */
    Site site(String host) {
      for (Site s : sites) if (s.answers(host)) return s;
      return sites.get(0);
    }
  }

  private final Builder b;
  private final List<TcpListener> listeners = new ArrayList<>();
  private Store ownStore;

  private HttpServer(Builder b) {
    this.b = b;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds the HTTP port (and the HTTPS port if configured) and starts serving. */
  public List<Endpoint> start() throws IOException {
    Sessions sessions = b.sessions;
    if (sessions == null) {
      Store store = b.store;
      if (store == null) store = ownStore = Store.inMemory();
      sessions = new Sessions(store);
    }
    List<Site> sites = b.sites.isEmpty()
        ? List.of(Site.builder(b.host).build()) : List.copyOf(b.sites);
    Config config = new Config(b.name, b.accessLog, b.authenticator, b.basicAuthOverPlainHttp, sites);
    Http1Connection handler = new Http1Connection(new Http1Connection.Settings(b.idleTimeout(),
        b.headTimeout, b.bodyTimeout, b.limits, Http1Connection.Settings.DEFAULT_MAX_DISCARDED_BODY),
        new SiteResponder(config, sessions.store()));
    List<Endpoint> endpoints = new ArrayList<>();
    try {
      if (b.ports().containsKey(HttpService.HTTP)) {
        TcpListener l = listener(handler, HttpService.HTTP, null, b.name).start();
        listeners.add(l);
        endpoints.add(l.endpoint(b.host, "http"));
      }
      if (b.tls != null && b.ports().containsKey(HttpService.HTTPS)) {
        TcpListener l = listener(handler, HttpService.HTTPS, b.tls, b.name + "s").start();
        listeners.add(l);
        endpoints.add(l.endpoint(b.host, "https"));
      }
    } catch (IOException e) {
      close();
      throw e;
    }
    return endpoints;
  }

  private TcpListener listener(Http1Connection handler, HttpService service, SSLContext tls,
      String name) {
    return b.listener(service).name(name).acceptors(ACCEPTORS).readTimeoutsByWatchdog(true)
        .lineEndings(LineReader.Endings.STRICT)
        .maxLineLength(Math.max(b.limits.maxRequestLine(), MAX_FIELD_LINE))
        .tls(tls).handler(handler)
        .rejecter(c -> {
          c.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close"
              + "\r\nRetry-After: 5\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
          c.flush();
        })
        .build();
  }

  /** The bound HTTP port (after start), or -1 when plain HTTP is disabled. */
  public int port() {
    for (TcpListener l : listeners) if (l.name().equals(b.name)) return l.port();
    return -1;
  }

  /** The bound HTTPS port, or -1. */
  public int tlsPort() {
    for (TcpListener l : listeners) if (l.name().equals(b.name + "s")) return l.port();
    return -1;
  }

  /** Connections accepted so far on all listeners. */
  public long connectionsAccepted() {
    long n = 0;
    for (TcpListener l : listeners) n += l.acceptedConnections();
    return n;
  }

  /** Connections being served now on all listeners. */
  public int activeConnections() {
    int n = 0;
    for (TcpListener l : listeners) n += l.activeConnections();
    return n;
  }

  @Override
  public void close() {
    for (TcpListener l : listeners) l.close();
    listeners.clear();
    if (ownStore != null) ownStore.close();
  }

  /** Configuration of a server. */
  public static final class Builder extends ServerBuilder<Builder, HttpService> {
    private Builder() {
      super(HttpService.class, DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT);
      port(HttpService.HTTP, 0);
    }

    @Override
    protected Builder self() {
      return this;
    }

    private String name = "http";
    private String host = "localhost";
    private SSLContext tls;
    private final List<Site> sites = new ArrayList<>();
    private Duration headTimeout = DEFAULT_HEAD_TIMEOUT;
    private Duration bodyTimeout = DEFAULT_BODY_TIMEOUT;
    private Limits limits = Limits.DEFAULT;
    private Consumer<String> accessLog;
    private Store store;
    private Sessions sessions;
    private BasicAuthenticator authenticator = BasicAuthenticator.NONE;
    private boolean basicAuthOverPlainHttp;

    /** Listener name for logs and transcripts (default "http"). */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name);
      return this;
    }

    /** The world host name the server runs for (reported in its endpoints). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** The HTTP port; 0 picks a free one; -1 disables plain HTTP. */
    public Builder port(int port) {
      return port(HttpService.HTTP, port);
    }

    /** Enables HTTPS on {@code port} (0 picks a free one) with this server context. */
    public Builder tls(SSLContext context, int port) {
      this.tls = Objects.requireNonNull(context);
      return port(HttpService.HTTPS, port);
    }

    /** Adds a virtual host; the first added is the default for unknown Host values. */
    public Builder site(Site site) {
      sites.add(Objects.requireNonNull(site));
      return this;
    }

    /** Deadline for the whole request head once its first byte arrived (408 after). */
    public Builder headTimeout(Duration d) {
      this.headTimeout = Objects.requireNonNull(d);
      return this;
    }

    public Builder bodyTimeout(Duration d) {
      this.bodyTimeout = Objects.requireNonNull(d);
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits);
      return this;
    }

    /** Receives one Combined Log Format line per response (see {@link AccessLog#toFile}). */
    public Builder accessLog(Consumer<String> sink) {
      this.accessLog = sink;
      return this;
    }

    /**
     * The store for cookie sessions when no {@link #sessions} are given; an in-memory one when
     * neither is set.
     */
    public Builder store(Store store) {
      this.store = store;
      return this;
    }

    /** The cookie sessions, shared with the handlers that use them (see {@link Sessions}). */
    public Builder sessions(Sessions sessions) {
      this.sessions = sessions;
      return this;
    }

    /** Who may PUT and DELETE static files (nobody by default). */
    public Builder authenticator(BasicAuthenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator);
      return this;
    }

    /** Accepts Basic credentials on plain HTTP too (default: only over TLS). */
    public Builder basicAuthOverPlainHttp(boolean allow) {
      this.basicAuthOverPlainHttp = allow;
      return this;
    }

    public HttpServer build() {
      return new HttpServer(this);
    }
  }
}
