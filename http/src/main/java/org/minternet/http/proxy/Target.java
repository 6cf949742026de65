package org.minternet.http.proxy;

import java.util.Locale;
import org.minternet.http.wire.HttpException;
import org.minternet.http.wire.RequestTarget;

/**
 * Where a proxied request goes: host, port and the origin-form path with query (RFC 9112 §3.2),
 * taken from a {@link RequestTarget}. Its {@link #uri()} is the cache key (RFC 9111 §2): scheme
 * and host in lower case, the default port left out, the path and query exactly as received.
 */
record Target(String host, int port, String pathAndQuery) {
  /** The cache key and effective request URI. */
  String uri() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return "http://" + h + (port == 80 ? "" : ":" + port) + pathAndQuery;
  }

  /** The Host header value for the origin. */
  String authority() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port == 80 ? h : h + ":" + port;
  }

  /**
   * The target of an absolute-form request.
   *
   * @throws HttpException 501 for a scheme other than http (the proxy forwards only http; https
   *     goes through CONNECT), 400 for a host no resolver can look up
   */
  static Target of(RequestTarget t) throws HttpException {
    if (!"http".equals(t.scheme())) throw new HttpException(501, "scheme " + t.scheme(), false);
    checkHost(new RequestTarget.Authority(t.host(), t.port()));
    return new Target(t.host(), t.port() < 0 ? 80 : t.port(), t.pathAndQuery());
  }

  /** Parses an absolute-form target {@code http://host[:port]/path?query}. */
  static Target absolute(String target) throws HttpException {
    RequestTarget t = RequestTarget.parse(target, "GET");
    if (t.form() != RequestTarget.Form.ABSOLUTE) {
      throw new HttpException(400, "not absolute-form", false);
    }
    return of(t);
  }

  /**
   * Parses {@code host[:port]} (a Host header value or a CONNECT authority-form).
   *
   * @throws HttpException 400 when malformed
   */
  static Target authority(String authority, int defaultPort, String pathAndQuery)
      throws HttpException {
    RequestTarget.Authority a = RequestTarget.Authority.parse(authority);
    checkHost(a);
    return new Target(a.host().toLowerCase(Locale.ROOT), a.port() < 0 ? defaultPort : a.port(),
        pathAndQuery);
  }

  private static void checkHost(RequestTarget.Authority a) throws HttpException {
    if (!a.isDnsHost()) throw new HttpException(400, "bad host", false);
  }
}
