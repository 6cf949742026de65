package org.minternet.http.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.minternet.core.io.LineReader;
import org.minternet.core.net.AddressRanges;
import org.minternet.core.net.Connection;
import org.minternet.core.net.ConnectionHandler;
import org.minternet.http.wire.BodyException;
import org.minternet.http.wire.BodyFraming;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Http1Reader;
import org.minternet.http.wire.HttpException;
import org.minternet.http.wire.HttpVersion;
import org.minternet.http.wire.RequestHead;

/**
 * Serves one client connection of the proxy, request after request (persistent connections,
 * pipelined requests answered in order).
 *
 * <ol>
 *   <li>wait for a request with the idle timeout; read its head within the head deadline (408);
 *   <li>refuse clients outside the configured networks with 403 (no open proxy);
 *   <li>CONNECT opens a {@link Tunnel};
 *   <li>otherwise find the target: absolute-form in forward mode (origin-form only for the
 *       statistics page), origin-form and Host in reverse mode;
 *   <li>drop hop-by-hop fields, detect loops by Via, answer {@code Expect: 100-continue};
 *   <li>let the {@link HttpCache} answer, write the reply, read any unread request body;
 *   <li>write the request's line to the {@link ProxyAccessLog access log}, once the reply is
 *       written (or the tunnel closed).
 * </ol>
 */
final class ProxyConnection implements ConnectionHandler {
  private static final Logger LOG = System.getLogger(ProxyConnection.class.getName());

  private final ProxyConfig config;
  private final AddressRanges networks;
  private final HttpCache cache;
  private final OriginPool pool;
  private final Counters counters;
  private final ReplyWriter writer;
  private final java.util.function.Supplier<CacheStats> stats;
  private final ProxyAccessLog log;

  ProxyConnection(ProxyConfig config, HttpCache cache, OriginPool pool, Counters counters,
      java.util.function.Supplier<CacheStats> stats) {
    this.config = config;
    this.networks = AddressRanges.parse(config.clientNetworks());
    this.cache = cache;
    this.pool = pool;
    this.counters = counters;
    this.writer = new ReplyWriter(config.via(), config.debugHeader());
    this.stats = stats;
    this.log = new ProxyAccessLog(config.accessLog(), config.clock());
  }

  @Override
  public void handle(Connection c) throws IOException {
    boolean allowed = networks.contains(c.remoteAddress().getAddress());
    LineReader in = c.reader();
    while (true) {
      c.clearDeadline();
      c.idleTimeout(config.idleTimeout());
      try {
        if (in.peek() < 0) return;
      } catch (SocketTimeoutException e) {
        return;
      }
      long start = System.nanoTime();
      c.deadline(config.headTimeout());
      RequestHead head;
      try {
        head = Http1Reader.readRequestHead(in, config.limits());
      } catch (HttpException e) {
        fail(c, null, e.status(), "ERROR", start);
        return;
      } catch (SocketTimeoutException e) {
        fail(c, null, 408, "ERROR", start);
        return;
      }
      if (head == null) return;
      c.clearDeadline();
      counters.requests.increment();
      if (!allowed) {
        fail(c, head, 403, "DENIED", start);
        return;
      }
      if (head.method().equals("CONNECT")) {
        connect(c, head, start);
        return;
      }
      try {
        if (!serve(c, head, start)) return;
      } catch (HttpException e) {
        fail(c, head, e.status(), "ERROR", start);
        return;
      } catch (BodyException e) {
        fail(c, head, e.status(), "ERROR", start);
        return;
      }
    }
  }

  /** Serves one request; returns whether the connection stays open. */
  private boolean serve(Connection c, RequestHead head, long start)
      throws IOException, HttpException {
    HttpVersion v = head.version();
    Headers h = head.headers();
    boolean keepAlive = v.atLeast11() ? !h.hasToken("Connection", "close")
        : h.hasToken("Connection", "keep-alive");
    InputStream body = Http1Reader.body(c.reader(), head.framing(), config.limits().maxBody(),
        config.limits());
    Reply reply;
    long maxForwards = maxForwards(head);
    if (loops(h)) {
      reply = HttpCache.error(508);
      keepAlive = false;
    } else if (maxForwards == 0) {
      reply = answerHere(head);
    } else {
      ProxyRequest r = request(head);
      if (r == null) {
        reply = statsReply();
      } else {
        if (v.atLeast11() && h.hasToken("Expect", "100-continue")
            && !(head.framing() instanceof BodyFraming.None)) {
          c.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          c.flush();
        }
        reply = cache.handle(new ProxyRequest(r.method(), r.target(), r.hostHeader(), r.headers(),
            new Upstream.Body(head.framing(), body), v, r.origin()));
      }
    }
    ReplyWriter.Sent sent = new ReplyWriter.Sent();
    boolean open;
    try {
      if (!(head.framing() instanceof BodyFraming.None)) {
        try {
          Http1Reader.drain(body);
        } catch (IOException e) {
          reply.discard();
          throw e;
        }
      }
      open = writer.write(c, reply, head.method().equals("HEAD"), keepAlive, v, sent);
    } catch (IOException e) {
      log.log(c, head, reply.status(), sent.bodyBytes, CacheResult.of(reply), true, start);
      throw e;
    }
    log.log(c, head, reply.status(), sent.bodyBytes, CacheResult.of(reply), false, start);
    return open;
  }

  /** True when this proxy's own Via entry is already in the request: a forwarding loop. */
  private boolean loops(Headers h) {
    String mine = " " + config.via();
    for (String v : h.list("Via")) {
      if (v.endsWith(mine)) return true;
    }
    return false;
  }

  /**
   * The request as the cache sees it; null for the statistics page.
   *
   * @throws HttpException 400 for a target this mode does not accept
   */
  private ProxyRequest request(RequestHead head) throws HttpException {
    String t = head.target();
    Headers h = head.headers();
    Target target;
    String hostHeader;
    OriginPool.Address origin;
    if (!config.reverse()) {
      if (t.startsWith("/")) {
        if (t.equals(CachingProxy.STATS_PATH)) return null;
        throw new HttpException(400, "a forward proxy needs absolute-form", false);
      }
      target = Target.absolute(t);
      hostHeader = target.authority();
      origin = new OriginPool.Address(target.host(), target.port());
    } else {
      String path = t;
      if (!t.startsWith("/")) {
        Target abs = Target.absolute(t);
        path = abs.pathAndQuery();
      }
      String host = h.get("Host");
      if (host == null || h.all("Host").size() > 1) {
        if (head.version().atLeast11()) throw new HttpException(400, "missing Host", false);
        host = config.reverseOrigin().host() + ":" + config.reverseOrigin().port();
      }
      target = Target.authority(host.trim(), 80, path);
      hostHeader = host.trim();
      origin = config.reverseAddress();
    }
    Headers.Builder b = HopByHop.endToEnd(h);
    b.remove("Host").remove("Expect");
    long maxForwards = maxForwards(head);
    if (maxForwards > 0) b.set("Max-Forwards", Long.toString(maxForwards - 1));
    return new ProxyRequest(head.method(), target, hostHeader, b.build(), Upstream.Body.NONE,
        head.version(), origin);
  }

  /**
   * Max-Forwards of a TRACE or OPTIONS request (RFC 9110 §7.6.2), or -1 when it does not apply
   * or is malformed.
   */
  private static long maxForwards(RequestHead head) {
    if (!head.method().equals("TRACE") && !head.method().equals("OPTIONS")) return -1;
    String v = head.headers().get("Max-Forwards");
    if (v == null) return -1;
    v = v.trim();
    if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      return -1;
    }
    return Long.parseLong(v);
  }

  /**
   * The final recipient's answer to a TRACE or OPTIONS whose Max-Forwards reached 0: TRACE
   * echoes the request head (without credentials) as message/http, OPTIONS lists the methods.
   */
  private static Reply answerHere(RequestHead head) {
    if (head.method().equals("OPTIONS")) {
      return Reply.of(200, "OK", Headers.of("Allow",
          "GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE, CONNECT"), new byte[0], "LOCAL");
    }
    StringBuilder echo = new StringBuilder(head.line().toString()).append("\r\n");
    for (Headers.Field f : head.headers().fields()) {
      String n = f.name().toLowerCase(java.util.Locale.ROOT);
      if (n.equals("authorization") || n.equals("proxy-authorization") || n.equals("cookie")) {
        continue;
      }
      echo.append(f.name()).append(": ").append(f.value()).append("\r\n");
    }
    return Reply.of(200, "OK", Headers.of("Content-Type", "message/http"),
        echo.toString().getBytes(StandardCharsets.ISO_8859_1), "LOCAL");
  }

  private Reply statsReply() {
    byte[] text = stats.get().format().getBytes(StandardCharsets.US_ASCII);
    return Reply.of(200, "OK", Headers.of("Content-Type", "text/plain; charset=us-ascii",
        "Cache-Control", "no-store"), text, "STATS");
  }

  private void connect(Connection c, RequestHead head, long start) throws IOException {
    counters.tunnels.increment();
    Target t;
    try {
      t = Target.authority(head.target(), 443, "");
    } catch (HttpException e) {
      fail(c, head, 400, "ERROR", start);
      return;
    }
    if (!config.connectPorts().isEmpty() && !config.connectPorts().contains(t.port())) {
      fail(c, head, 403, "DENIED", start);
      return;
    }
    Connection origin;
    try {
      origin = pool.open(new OriginPool.Address(t.host(), t.port())).connection;
    } catch (SocketTimeoutException e) {
      fail(c, head, 504, "TUNNEL", start);
      return;
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "CONNECT " + head.target() + ": " + e.getMessage());
      fail(c, head, 502, "TUNNEL", start);
      return;
    }
    try {
      c.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      c.flush();
    } catch (IOException e) {
      origin.close();
      log.log(c, head, 200, 0, CacheResult.TCP_TUNNEL, true, start);
      throw e;
    }
    long relayed = Tunnel.run(c, origin);
    log.log(c, head, 200, relayed, CacheResult.TCP_TUNNEL, false, start);
  }

  /**
   * Answers an error generated by the proxy, logs it and closes; {@code cacheStatus} is the
   * X-Cache value (see {@link CacheResult}), {@code head} null when the head was unreadable.
   */
  private void fail(Connection c, RequestHead head, int status, String cacheStatus, long start) {
    Reply reply = HttpCache.error(status, cacheStatus);
    ReplyWriter.Sent sent = new ReplyWriter.Sent();
    boolean aborted = false;
    try {
      writer.write(c, reply, false, false, HttpVersion.HTTP_1_1, sent);
      c.flush();
    } catch (IOException e) {
      aborted = true; // the client is gone
    }
    log.log(c, head, status, sent.bodyBytes, CacheResult.of(reply), aborted, start);
  }
}
