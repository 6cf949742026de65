package org.minternet.http;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.minternet.http.engine.Body;
import org.minternet.http.engine.Exchange;
import org.minternet.http.engine.Outgoing;
import org.minternet.http.engine.Responder;
import org.minternet.http.wire.BodyException;
import org.minternet.http.wire.BodyFraming;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.HttpDate;
import org.minternet.http.wire.HttpException;
import org.minternet.http.wire.RequestHead;
import org.minternet.http.wire.RequestTarget;

/**
 * The origin server's answers on the {@link org.minternet.http.engine.Http1Connection engine}:
 *
 * <ol>
 *   <li>check Host, select the site, route, check the method (405 with Allow) and
 *       authentication;
 *   <li>read the body within the route's limit (413), refusing expectations other than {@code
 *       100-continue} (417);
 *   <li>call the handler, save the session, add Date and Server; log the exchange once sent.
 * </ol>
 */
final class SiteResponder implements Responder {
  private static final Logger LOG = System.getLogger(SiteResponder.class.getName());
  private static final Set<String> KNOWN = Set.of("GET", "HEAD", "POST", "PUT", "DELETE",
      "OPTIONS", "TRACE", "CONNECT", "PATCH");

  private final HttpServer.Config config;
  private final SessionStore sessions;

  SiteResponder(HttpServer.Config config, SessionStore sessions) {
    this.config = config;
    this.sessions = sessions;
  }

  @Override
  public Outgoing respond(Exchange x) throws IOException, HttpException {
    RequestHead head = x.head();
    String method = head.method();
    if (!KNOWN.contains(method)) throw new HttpException(501, "unknown method", false);
    RequestTarget target = RequestTarget.parse(head.target(), method);
    if (target.form() == RequestTarget.Form.AUTHORITY) {
      throw new HttpException(400, "authority-form to an origin server", false);
    }
    if (target.scheme() != null && !target.scheme().equals("http")
        && !target.scheme().equals("https")) {
      throw new HttpException(400, "bad scheme", false);
    }
    Site site = config.site(host(head, target));
    if (target.form() == RequestTarget.Form.ASTERISK) {
      return finish(Response.status(204).header("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS"));
    }
    String path = org.minternet.http.wire.FormData.decode(target.rawPath(), false);
    if (path.indexOf('\0') >= 0) throw new HttpException(400, "NUL in path", false);
    Site.Route route = null;
    Set<String> allowed = new LinkedHashSet<>();
    for (Site.Route r : site.routes()) {
      if (!r.matches(path)) continue;
      if (r.allows(method)) {
        route = r;
        break;
      }
      allowed.addAll(r.methods());
    }
    long maxBody;
    if (route != null) {
      maxBody = route.maxBody();
    } else if (!allowed.isEmpty()) {
      if (allowed.contains("GET")) allowed.add("HEAD");
      allowed.add("OPTIONS");
      String allow = String.join(", ", allowed);
      Response r = method.equals("OPTIONS") ? Response.status(204) : Response.error(405);
      return finish(r.header("Allow", allow));
    } else if (site.files() != null) {
      if (!StaticFiles.METHODS.contains(method)) {
        // refused before the body is read: the engine drops a small one and the next
        // pipelined request is served; a large one closes the connection
        return finish(Response.error(405).header("Allow", StaticFiles.ALLOW));
      }
      maxBody = method.equals("PUT") ? site.maxBody() : 0;
      if (method.equals("PUT") || method.equals("DELETE")) {
        Response refusal = authenticate(x);
        if (refusal != null) return finish(refusal);
      }
    } else {
      return finish(Response.error(404));
    }
    byte[] body = readBody(x, maxBody);
    Request request = new Request(method, path, target.rawPath(), target.rawQuery(),
        head.version(), head.headers(), body, x.remoteAddress(), x.isSecure(), site.name(),
        x.user());
    Response response;
    try {
      response = route != null ? route.handler().handle(request) : site.files().handle(request);
    } catch (HttpException e) {
      response = Response.error(e.status());
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, config.name() + ": handler failed for " + head.line(), e);
      response = Response.error(500);
    }
    Session s = request.attachedSession();
    if (s != null && s.dirty()) {
      sessions.save(site.name(), s);
      if (s.isNew()) {
        response.header("Set-Cookie", SessionStore.COOKIE + "=" + s.id()
            + "; Path=/; HttpOnly; SameSite=Lax" + (x.isSecure() ? "; Secure" : ""));
      }
    }
    return finish(response);
  }

  @Override
  public Outgoing error(Exchange x, int status) {
    return finish(Response.error(status));
  }

  @Override
  public void completed(Exchange x, Outgoing response, long bodyBytes, boolean aborted) {
    if (config.accessLog() == null) return;
    RequestHead head = x.head();
    Headers h = head == null ? null : head.headers();
    config.accessLog().accept(AccessLog.format(
        x.remoteAddress().getAddress().getHostAddress(), x.user(), AccessLog.now(),
        head == null ? "-" : head.line().toString(), response.status(), bodyBytes,
        h == null ? null : h.get("Referer"), h == null ? null : h.get("User-Agent")));
  }

  /** The response as the engine sends it, with the origin server's Date and Server fields. */
  private static Outgoing finish(Response r) {
    Headers.Builder h = r.headerBuilder();
    h.set("Date", DateCache.now());
    if (!h.contains("Server")) h.add("Server", "Minternet");
    return new Outgoing(r.status(), org.minternet.http.wire.Status.reason(r.status()), h.build(),
        r.body(), null);
  }

  /** Basic authentication for PUT and DELETE (RFC 7617), over TLS unless configured. */
  private Response authenticate(Exchange x) {
    if (!x.isSecure() && !config.basicAuthOverPlainHttp()) {
      return Response.text(403, "PUT and DELETE need HTTPS\n");
    }
    String auth = x.head().headers().get("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair = new String(Base64.getDecoder().decode(auth.substring(6).trim()),
            StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon > 0 && config.authenticator().check(pair.substring(0, colon),
            pair.substring(colon + 1))) {
          x.user(pair.substring(0, colon));
          return null;
        }
      } catch (IllegalArgumentException e) {
        // malformed base64: same answer as a wrong password
      }
    }
    return Response.error(401).header("WWW-Authenticate",
        "Basic realm=\"minternet\", charset=\"UTF-8\"");
  }

  private static byte[] readBody(Exchange x, long maxBody) throws IOException, HttpException {
    if (!x.hasBody()) return new byte[0];
    RequestHead head = x.head();
    if (head.framing() instanceof BodyFraming.Length l && l.length() > maxBody) {
      throw new BodyException(413, "body too large");
    }
    List<String> expect = head.headers().all("Expect");
    if (!expect.isEmpty()
        && (expect.size() != 1 || !expect.get(0).equalsIgnoreCase("100-continue"))) {
      throw new HttpException(417, "unsupported expectation");
    }
    return x.readBody(maxBody);
  }

  /** The selected host: the target's in absolute-form, else the Host field's (RFC 9112 §3.2.2). */
  private static String host(RequestHead head, RequestTarget target) throws HttpException {
    List<String> hosts = head.headers().all("Host");
    if (hosts.size() > 1) throw new HttpException(400, "several Host fields");
    if (hosts.isEmpty() && head.version().atLeast11()) throw new HttpException(400, "no Host");
    if (target.host() != null) return target.host();
    if (hosts.isEmpty() || hosts.get(0).isEmpty()) return "";
    try {
      return RequestTarget.Authority.parse(hosts.get(0)).host();
    } catch (HttpException e) {
      throw new HttpException(400, "bad Host");
    }
  }

  /** The Date header value, formatted at most once a second. */
  static final class DateCache {
    private record Entry(long second, String text) {}

    private static volatile Entry current = new Entry(0, "");

    static String now() {
      long second = System.currentTimeMillis() / 1000;
      Entry e = current;
      if (e.second != second) {
        e = new Entry(second, HttpDate.format(Instant.ofEpochSecond(second)));
        current = e;
      }
      return e.text;
    }
  }
}
