package org.minternet.http.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.minternet.core.naming.NameResolver;
import org.minternet.core.tap.Transcript;
import org.minternet.http.wire.BodyFraming;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Http1Writer;

/**
 * The HTTP/1.1 client: persistent connections kept in a pool per origin, chunked and
 * length-delimited responses, redirects, cookies, an optional proxy (absolute-form requests for
 * http, CONNECT tunnels for https). Thread-safe; each exchange uses a connection of its own.
 *
 * <pre>{@code
 * try (HttpClient client = HttpClient.builder().followRedirects(5).build()) {
 *   ClientResponse r = client.send(ClientRequest.get("http://gaia.cs.umass.edu:8080/"));
 * }
 * }</pre>
 */
public final class HttpClient implements AutoCloseable {
  /** Receives the progress of a body download: bytes so far and the total (-1 if unknown). */
  @FunctionalInterface
  public interface Progress {
    void update(long bytes, long total);
  }

  /** Settings shared by the connections. */
  record Config(InetSocketAddress proxy, SSLContext tls, NameResolver resolver,
      Duration connectTimeout, Duration readTimeout, String name, Transcript transcript,
      boolean compressed) {}

  private final Config config;
  private final int maxRedirects;
  private final CookieJar cookies;
  private final String userAgent;
  private final boolean keepAlive;
  private final long maxBody;
  private final Consumer<String> wireLog;
  private final ConnectionPool pool;
  private final Forwarding forwarding;

  private HttpClient(Builder b) {
    SSLContext tls = b.tls;
    if (tls == null) {
      try {
        tls = SSLContext.getDefault();
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("no TLS", e);
      }
    }
    this.config = new Config(b.proxy, tls, b.resolver,
        b.connectTimeout != null ? b.connectTimeout : b.timeout, b.timeout, b.name, b.transcript,
        b.compressed);
    this.pool = new ConnectionPool(b.maxIdlePerOrigin);
    this.forwarding = new Forwarding(config, pool);
    this.maxRedirects = b.maxRedirects;
    this.cookies = b.cookies;
    this.userAgent = b.userAgent;
    this.keepAlive = b.keepAlive;
    this.maxBody = b.maxBody;
    this.wireLog = b.wireLog;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Sends a request, following redirects if configured, with the body read into memory. */
  public ClientResponse send(ClientRequest request) throws IOException {
    return send(request, null, null);
  }

  /**
   * Sends a request; the final response's body goes to {@code sink} when given (bodies of
   * redirects are discarded), with {@code progress} reports.
   */
  public ClientResponse send(ClientRequest request, OutputStream sink, Progress progress)
      throws IOException {
    ClientRequest current = request;
    for (int hop = 0; ; hop++) {
      boolean follow = hop < maxRedirects;
      ClientResponse r = exchange(current, sink, progress, false, follow);
      String location = r.header("Location");
      if (!follow || !isRedirect(r.status()) || location == null) return r;
      int s = r.status();
      URI next = current.uri().resolve(location.trim());
      boolean toGet = s == 303 || ((s == 301 || s == 302) && current.method().equals("POST"));
      current = toGet
          ? new ClientRequest(current.method().equals("HEAD") ? "HEAD" : "GET", next,
              current.headers().toBuilder().remove("Content-Type").build(), null)
          : current.withUri(next);
    }
  }

  static boolean isRedirect(int s) {
    return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
  }

  /** One request and its response on a pooled (or new) connection; no redirects. */
  ClientResponse exchange(ClientRequest request, OutputStream sink, Progress progress,
      boolean fresh, boolean redirectsInMemory) throws IOException {
    Origin origin = Origin.of(request.uri());
    ClientConnection c = fresh ? null : pool.take(origin);
    boolean pooled = c != null;
    long origin0 = System.nanoTime();
    if (c == null) c = ClientConnection.open(origin, config);
    Headers headers = prepare(request, origin);
    try {
      if (wireLog != null) wireLog.accept("> " + c.describe(request, headers).replace("\r\n", "\n> "));
      long sent = System.nanoTime();
      c.send(request, headers);
      c.flush();
      ClientResponse r = c.receive(request, sink, progress, origin0, sent, maxBody,
          redirectsInMemory);
      if (wireLog != null) {
        wireLog.accept("< " + r.statusLine() + "\n" + r.headers().toString().replace("\r\n", "\n")
            .lines().map(l -> "< " + l).reduce((a, b) -> a + "\n" + b).orElse(""));
      }
      remember(r);
      if (keepAlive) pool.release(c);
      else c.close();
      return r;
    } catch (IOException e) {
      c.close();
      boolean idempotent = !request.method().equals("POST");
      if (pooled && idempotent && sink == null && !(e instanceof ContentDecodingException)) {
        // a kept-alive connection the server had already closed: retry once on a new one
        return exchange(request, null, progress, true, redirectsInMemory);
      }
      throw e;
    }
  }

  /**
   * The header fields sent: Host, User-Agent, Accept, Accept-Encoding in compressed mode, cookies,
   * then the caller's fields (which replace those of the same name).
   */
  Headers prepare(ClientRequest request, Origin origin) {
    Headers.Builder h = Headers.builder();
    h.add("Host", origin.authority());
    h.add("User-Agent", userAgent);
    h.add("Accept", "*/*");
    if (config.compressed()) h.add("Accept-Encoding", ContentDecoding.ACCEPT_ENCODING);
    if (cookies != null) {
      String cookie = cookies.header(request.uri());
      if (cookie != null) h.add("Cookie", cookie);
    }
    for (Headers.Field f : request.headers().fields()) h.set(f.name(), f.value());
    int length = request.body().length;
    Http1Writer.requestFraming(h, request.method(),
        length > 0 ? new BodyFraming.Length(length) : BodyFraming.NONE);
    if (!keepAlive) h.set("Connection", "close");
    return h.build();
  }

  void remember(ClientResponse r) {
    if (cookies != null) {
      for (String sc : r.headers().all("Set-Cookie")) cookies.store(r.uri(), sc);
    }
  }

  ClientConnection open(Origin origin) throws IOException {
    return ClientConnection.open(origin, config);
  }

  public CookieJar cookies() {
    return cookies;
  }

  /**
   * Forwards a request exactly as given, as a proxy does: {@code method} and {@code target} to
   * {@code host:port} directly (never through this client's proxy), with {@code headers} and no
   * field added but the body's framing, on a pooled connection. The response head is read
   * (1xx skipped) within the timeout; the body streams, and the connection returns to the pool
   * when it has been read to its end.
   *
   * @param framing how the request body is framed (it is sent with the same framing)
   * @throws java.net.SocketTimeoutException when the origin cannot be reached or does not answer
   *     in time
   * @throws IOException when the origin cannot be reached or answers malformed
   */
  public ForwardedResponse forward(String host, int port, String method, String target,
      Headers headers, org.minternet.http.wire.BodyFraming framing, java.io.InputStream body)
      throws IOException {
    if (config.proxy() != null) throw new IllegalStateException("forward() goes direct");
    return forwarding.forward(new Origin("http", host, port), method, target, headers, framing,
        body);
  }

  /** A TCP connection of its own to {@code host:port} (a CONNECT tunnel), each address tried. */
  public org.minternet.core.net.Connection connect(String host, int port) throws IOException {
    org.minternet.core.net.Connection c = ClientConnection.connect(config, host, port);
    c.idleTimeout(config.readTimeout());
    return c;
  }

  /** Idle pooled connections now (for tests and statistics). */
  int idleConnections() {
    return pool.idleCount();
  }

  @Override
  public void close() {
    pool.close();
  }

  /** Configuration of a client. */
  public static final class Builder {
    private InetSocketAddress proxy;
    private SSLContext tls;
    private NameResolver resolver = NameResolver.system();
    private Duration timeout = Duration.ofSeconds(30);
    private Duration connectTimeout;
    private String name = "http-client";
    private int maxIdlePerOrigin = 8;
    private Transcript transcript = Transcript.NONE;
    private int maxRedirects;
    private CookieJar cookies;
    private String userAgent = "minternet-fetch/0.1";
    private boolean keepAlive = true;
    private long maxBody = 1L << 30;
    private Consumer<String> wireLog;
    private boolean compressed;

    /** Sends every request through this proxy (which must take the remote port from the URL). */
    public Builder proxy(InetSocketAddress proxy) {
      this.proxy = proxy;
      return this;
    }

    /** The client TLS context (default: the JDK's trust store). */
    public Builder tls(SSLContext tls) {
      this.tls = tls;
      return this;
    }

    /** How host names are resolved (the world's resolver inside the world). */
    public Builder resolver(NameResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver);
      return this;
    }

    /** Read timeout (each read, and a whole response head), and connect timeout unless set. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Connect timeout (default: {@link #timeout}). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** Service name of the connections in transcripts (default "http-client"). */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name);
      return this;
    }

    /** Idle connections kept per origin (default 8). */
    public Builder maxIdlePerOrigin(int max) {
      this.maxIdlePerOrigin = max;
      return this;
    }

    public Builder transcript(Transcript transcript) {
      this.transcript = transcript == null ? Transcript.NONE : transcript;
      return this;
    }

    /** Follows up to {@code max} redirects (0: none, the default). */
    public Builder followRedirects(int max) {
      this.maxRedirects = max;
      return this;
    }

    public Builder cookies(CookieJar jar) {
      this.cookies = jar;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = Objects.requireNonNull(userAgent);
      return this;
    }

    /** Persistent connections (default) or one connection per request with Connection: close. */
    public Builder keepAlive(boolean keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    /**
     * Compressed mode, curl's {@code --compressed}: requests carry {@code Accept-Encoding: gzip,
     * deflate} and response bodies in gzip or deflate (zlib or raw), or a chain of them, are
     * decoded; a decoded body is bounded like a received one ({@link #maxBody}), and one held in
     * memory also by a quarter of the heap, so a decompression bomb fails with {@link
     * ContentDecodingException}. Codings the client does not know are left on the body ({@link
     * ClientResponse#codings()}). Off by default: no Accept-Encoding, bodies as received.
     */
    public Builder compressed(boolean compressed) {
      this.compressed = compressed;
      return this;
    }

    /** Largest body received, and in compressed mode largest body decoded (default 1 GiB). */
    public Builder maxBody(long maxBody) {
      this.maxBody = maxBody;
      return this;
    }

    /** Receives the request and response heads as sent and received ({@code -v}). */
    public Builder wireLog(Consumer<String> log) {
      this.wireLog = log;
      return this;
    }

    public HttpClient build() {
      return new HttpClient(this);
    }
  }
}
