package org.minternet.http.wire;

import java.util.Locale;

/**
 * A request-target (RFC 9112 §3.2) in one of its four forms, split into its parts: the one parser
 * of targets for the origin server and the proxy.
 *
 * <ul>
 *   <li>origin-form {@code /path?query} (§3.2.1);
 *   <li>absolute-form {@code http://host[:port]/path?query} (§3.2.2), scheme and host in lower
 *       case, a fragment dropped, an empty path made "/";
 *   <li>authority-form {@code host:port}, for CONNECT only (§3.2.3);
 *   <li>asterisk-form {@code *}, for OPTIONS only (§3.2.4).
 * </ul>
 *
 * <p>The authority follows RFC 3986 §3.2.2 (reg-name, IPv4 or a bracketed IP literal) with the
 * port at most 65535; user information is an error (RFC 9110 §4.2.4), and so is a port of 0.
 *
 * @param form which of the four forms
 * @param scheme the scheme of an absolute-form target, else null
 * @param host the host in lower case without brackets (absolute- and authority-form), else null
 * @param port the port given, or -1 when none was
 * @param rawPath the path as sent (still percent-encoded), "" for authority-form, "*" for
 *     asterisk-form
 * @param rawQuery the query without '?', or "" when none
 */
public record RequestTarget(Form form, String scheme, String host, int port, String rawPath,
    String rawQuery) {
  /** The four forms of RFC 9112 §3.2. */
  public enum Form { ORIGIN, ABSOLUTE, AUTHORITY, ASTERISK }

  /** The asterisk-form target. */
  public static final RequestTarget ASTERISK =
      new RequestTarget(Form.ASTERISK, null, null, -1, "*", "");

  /**
   * Parses a request-target as received for {@code method}: authority-form for CONNECT, the
   * asterisk-form for OPTIONS, otherwise origin-form or absolute-form.
   *
   * @throws HttpException 400 when malformed (the connection may stay open)
   */
  public static RequestTarget parse(String target, String method) throws HttpException {
    if (method.equals("CONNECT")) {
      Authority a = Authority.parse(target);
      if (a.port() < 0) throw new HttpException(400, "CONNECT without port", false);
      return new RequestTarget(Form.AUTHORITY, null, a.host(), a.port(), "", "");
    }
    if (target.equals("*")) {
      if (!method.equals("OPTIONS")) throw new HttpException(400, "asterisk-form", false);
      return ASTERISK;
    }
    if (target.startsWith("/")) return pathAndQuery(Form.ORIGIN, null, null, -1, target);
    int colon = target.indexOf("://");
    if (colon <= 0) throw new HttpException(400, "bad request-target", false);
    String scheme = target.substring(0, colon).toLowerCase(Locale.ROOT);
    if (!Syntax.isToken(scheme)) throw new HttpException(400, "bad scheme", false);
    int start = colon + 3;
    int end = start;
    while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) end++;
    Authority a = Authority.parse(target.substring(start, end));
    String rest = target.substring(end);
    if (rest.isEmpty() || rest.charAt(0) != '/') rest = "/" + rest;
    return pathAndQuery(Form.ABSOLUTE, scheme, a.host(), a.port(), rest);
  }

  private static RequestTarget pathAndQuery(Form form, String scheme, String host, int port,
      String rest) {
    int hash = rest.indexOf('#');
    if (hash >= 0) rest = rest.substring(0, hash);
    int q = rest.indexOf('?');
    return new RequestTarget(form, scheme, host, port, q < 0 ? rest : rest.substring(0, q),
        q < 0 ? "" : rest.substring(q + 1));
  }

  /** The path and query as an origin-form target. */
  public String pathAndQuery() {
    return rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
  }

  /**
   * {@code uri-host [ ":" port ]} (RFC 9110 §7.2, RFC 3986 §3.2.2): the value of a Host field
   * or the authority of a target.
   *
   * @param host the host in lower case, without the brackets of an IP literal
   * @param port the port, or -1 when absent or empty
   */
  public record Authority(String host, int port) {
    /**
     * Parses an authority.
     *
     * @throws HttpException 400 for user information, a malformed host or a port outside
     *     1–65535
     */
    public static Authority parse(String s) throws HttpException {
      if (s.isEmpty() || s.indexOf('@') >= 0) throw new HttpException(400, "bad authority", false);
      String host;
      String port = null;
      if (s.charAt(0) == '[') {
        int close = s.indexOf(']');
        if (close < 0) throw new HttpException(400, "bad IP literal", false);
        host = s.substring(1, close);
        for (int i = 0; i < host.length(); i++) {
          char c = host.charAt(i);
          if (!(Syntax.isHexDigit(c) || c == ':' || c == '.')) {
            throw new HttpException(400, "bad IP literal", false);
          }
        }
        String after = s.substring(close + 1);
        if (!after.isEmpty()) {
          if (after.charAt(0) != ':') throw new HttpException(400, "bad authority", false);
          port = after.substring(1);
        }
      } else {
        int c = s.lastIndexOf(':');
        host = c < 0 ? s : s.substring(0, c);
        if (c >= 0) port = s.substring(c + 1);
        for (int i = 0; i < host.length(); i++) {
          if (!isRegNameChar(host.charAt(i))) throw new HttpException(400, "bad host", false);
        }
      }
      if (host.isEmpty()) throw new HttpException(400, "empty host", false);
      int p = -1;
      if (port != null && !port.isEmpty()) {
        if (port.length() > 5 || !port.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
          throw new HttpException(400, "bad port", false);
        }
        p = Integer.parseInt(port);
        if (p < 1 || p > 65535) throw new HttpException(400, "bad port", false);
      }
      return new Authority(host.toLowerCase(Locale.ROOT), p);
    }

    /** unreserved / pct-encoded / sub-delims of RFC 3986 §3.2.2. */
    private static boolean isRegNameChar(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "-._~%!$&'()*+,;=".indexOf(c) >= 0;
    }

    /** Whether the host is a name or address a resolver can look up: letters, digits, . - _ :. */
    public boolean isDnsHost() {
      for (int i = 0; i < host.length(); i++) {
        char c = host.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
            || c == '_' || c == ':')) {
          return false;
        }
      }
      return true;
    }
  }
}
