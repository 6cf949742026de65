package org.minternet.http.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.minternet.core.net.AddressRanges;
import org.minternet.core.net.Connection;
import org.minternet.http.engine.Body;
import org.minternet.http.engine.Exchange;
import org.minternet.http.engine.Outgoing;
import org.minternet.http.engine.Responder;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.HttpException;
import org.minternet.http.wire.RequestHead;
import org.minternet.http.wire.RequestTarget;

/**
 * The proxy's answers on the {@link org.minternet.http.engine.Http1Connection engine}:
 *
 * <ol>
 *   <li>refuse clients outside the configured networks with 403 (no open proxy);
 *   <li>CONNECT opens a {@link Tunnel} once the 200 is sent;
 *   <li>otherwise find the target: absolute-form in forward mode (origin-form only for the
 *       statistics page), origin-form and Host in reverse mode;
 *   <li>drop hop-by-hop fields, detect loops by Via (508), answer TRACE and OPTIONS whose
 *       Max-Forwards is 0;
 *   <li>let the {@link HttpCache} answer, adding this hop's Via, the computed Age and, when
 *       enabled, X-Cache;
 *   <li>write the request's line to the {@link ProxyAccessLog access log} once the reply is
 *       written (or the tunnel closed).
 * </ol>
 */
final class ProxyResponder implements Responder {
  private static final Logger LOG = System.getLogger(ProxyResponder.class.getName());

  private final ProxyConfig config;
  private final AddressRanges networks;
  private final HttpCache cache;
  private final Upstream upstream;
  private final Counters counters;
  private final Supplier<CacheStats> stats;
  private final ProxyAccessLog log;

  ProxyResponder(ProxyConfig config, HttpCache cache, Upstream upstream, Counters counters,
      Supplier<CacheStats> stats) {
    this.config = config;
    this.networks = AddressRanges.parse(config.clientNetworks());
    this.cache = cache;
    this.upstream = upstream;
    this.counters = counters;
    this.stats = stats;
    this.log = new ProxyAccessLog(config.accessLog(), config.clock());
  }

  @Override
  public Outgoing respond(Exchange x) throws IOException, HttpException {
    RequestHead head = x.head();
    counters.requests.increment();
    if (!networks.contains(x.remoteAddress().getAddress())) {
      x.closeAfterResponse();
      return reply(x, HttpCache.error(403, "DENIED"));
    }
    if (head.method().equals("CONNECT")) return connect(x);
    InputStream body = x.body(config.limits().maxBody());
    Headers h = head.headers();
    Reply reply;
    long maxForwards = maxForwards(head);
    if (loops(h)) {
      reply = HttpCache.error(508);
      x.closeAfterResponse();
    } else if (maxForwards == 0) {
      reply = answerHere(head);
    } else {
      ProxyRequest r = request(head);
      if (r == null) {
        reply = statsReply();
      } else {
        reply = cache.handle(new ProxyRequest(r.method(), r.target(), r.hostHeader(), r.headers(),
            new Upstream.Body(head.framing(), body), head.version(), r.origin()));
      }
    }
    return reply(x, reply);
  }

  @Override
  public Outgoing error(Exchange x, int status) {
    return reply(x, HttpCache.error(status, "ERROR"));
  }

  @Override
  public void completed(Exchange x, Outgoing response, long bodyBytes, boolean aborted) {
    CacheResult result = x.attachment() instanceof CacheResult r ? r : CacheResult.of("ERROR", false);
    log.log(x.remoteAddress(), x.head(), response.status(), bodyBytes, result, aborted,
        x.startNanos());
  }

  /**
   * The reply as the engine sends it: the fields of the reply without the received Via, Age and
   * X-Cache that this hop replaces, then Via with this proxy added (RFC 9110 §7.6.3), the
   * computed Age (RFC 9111 §5.1) and, when enabled, X-Cache.
   */
  private Outgoing reply(Exchange x, Reply reply) {
    x.attach(CacheResult.of(reply));
    boolean xCache = config.debugHeader();
    Headers.Builder b = Headers.builder();
    String previousVia = null;
    for (Headers.Field f : reply.headers().fields()) {
      String n = f.name();
      if (n.equalsIgnoreCase("Via")) {
        previousVia = previousVia == null ? f.value() : previousVia + ", " + f.value();
      } else if (!(n.equalsIgnoreCase("Age") && reply.age() >= 0)
          && !(xCache && n.equalsIgnoreCase("X-Cache"))) {
        b.add(n, f.value());
      }
    }
    b.add("Via", (previousVia == null ? "" : previousVia + ", ") + "1.1 " + config.via());
    if (reply.age() >= 0) b.add("Age", Long.toString(reply.age()));
    if (xCache) b.add("X-Cache", reply.cacheStatus() + " from " + config.via());
    Body body = reply.body() != null ? new Body.Bytes(reply.body())
        : new Body.Piped(reply.stream(), reply.length());
    return new Outgoing(reply.status(), reply.reason(), b.build(), body, null);
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
    RequestTarget t = RequestTarget.parse(head.target(), head.method());
    Headers h = head.headers();
    Target target;
    String hostHeader;
    Upstream.Address origin;
    if (!config.reverse()) {
      if (t.form() == RequestTarget.Form.ORIGIN) {
        if (head.target().equals(CachingProxy.STATS_PATH)) return null;
        throw new HttpException(400, "a forward proxy needs absolute-form", false);
      }
      target = Target.of(t);
      hostHeader = target.authority();
      origin = new Upstream.Address(target.host(), target.port());
    } else {
      String path = t.form() == RequestTarget.Form.ABSOLUTE ? t.pathAndQuery() : head.target();
      if (t.form() == RequestTarget.Form.ASTERISK) path = "*";
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

  /** A CONNECT: the tunnel once the origin is connected, or the error that prevents it. */
  private Outgoing connect(Exchange x) {
    counters.tunnels.increment();
    x.closeAfterResponse();
    RequestTarget t;
    try {
      t = RequestTarget.parse(x.head().target(), "CONNECT");
    } catch (HttpException e) {
      return reply(x, HttpCache.error(400, "ERROR"));
    }
    if (!config.connectPorts().isEmpty() && !config.connectPorts().contains(t.port())) {
      return reply(x, HttpCache.error(403, "DENIED"));
    }
    Connection origin;
    try {
      origin = upstream.connect(t.host(), t.port());
    } catch (SocketTimeoutException e) {
      return reply(x, HttpCache.error(504, "TUNNEL"));
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "CONNECT " + x.head().target() + ": " + e.getMessage());
      return reply(x, HttpCache.error(502, "TUNNEL"));
    }
    x.attach(CacheResult.TCP_TUNNEL);
    return Outgoing.takeover(200, "Connection Established", Headers.EMPTY,
        new Outgoing.Takeover() {
          @Override
          public long run(Connection client) {
            return Tunnel.run(client, origin);
          }

          @Override
          public void cancel() {
            origin.close();
          }
        });
  }
}
