package org.minternet.http.proxy;

import java.util.Locale;
import org.minternet.http.wire.HttpException;

/**
 * Where a proxied request goes: host, port and the origin-form path with query (RFC 9112 §3.2).
 * Its {@link #uri()} is the cache key (RFC 9111 §2): scheme and host in lower case, the default
 * port left out, the path and query exactly as received.
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
   * Parses an absolute-form target {@code http://host[:port]/path?query}.
   *
   * @throws HttpException 400 when malformed or with user info, 501 for another scheme
   */
  static Target absolute(String target) throws HttpException {
    int colon = target.indexOf("://");
    if (colon <= 0) throw new HttpException(400, "not absolute-form", false);
    String scheme = target.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) throw new HttpException(501, "scheme " + scheme, false);
    int start = colon + 3;
    int end = start;
    while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) end++;
    String rest = target.substring(end);
    int hash = rest.indexOf('#');
    if (hash >= 0) rest = rest.substring(0, hash);
    if (rest.isEmpty() || rest.charAt(0) == '?') rest = "/" + rest;
    return authority(target.substring(start, end), 80, rest);
  }

  /**
   * Parses {@code host[:port]} (a Host header value or a CONNECT authority-form).
   *
   * @throws HttpException 400 when malformed
   */
  static Target authority(String authority, int defaultPort, String pathAndQuery)
      throws HttpException {
    if (authority.isEmpty() || authority.indexOf('@') >= 0) {
      throw new HttpException(400, "bad authority", false);
    }
    String host;
    String port = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) throw new HttpException(400, "bad IPv6 literal", false);
      host = authority.substring(1, close);
      String after = authority.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) throw new HttpException(400, "bad authority", false);
        port = after.substring(1);
      }
    } else {
      int c = authority.lastIndexOf(':');
      host = c < 0 ? authority : authority.substring(0, c);
      if (c >= 0) port = authority.substring(c + 1);
      if (host.indexOf(':') >= 0) throw new HttpException(400, "bad authority", false);
    }
    if (host.isEmpty()) throw new HttpException(400, "empty host", false);
    for (int i = 0; i < host.length(); i++) {
      char ch = host.charAt(i);
      if (!(Character.isLetterOrDigit(ch) || ch == '.' || ch == '-' || ch == '_' || ch == ':')
          || ch > 127) {
        throw new HttpException(400, "bad host", false);
      }
    }
    int p = defaultPort;
    if (port != null && !port.isEmpty()) {
      if (port.length() > 5 || !port.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        throw new HttpException(400, "bad port", false);
      }
      p = Integer.parseInt(port);
      if (p < 1 || p > 65535) throw new HttpException(400, "bad port", false);
    }
    return new Target(host.toLowerCase(Locale.ROOT), p, pathAndQuery);
  }
}
