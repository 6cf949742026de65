package org.minternet.http.wire;

/** An HTTP version as on the wire: {@code HTTP/1.1} (RFC 9112 §2.3). */
public record HttpVersion(int major, int minor) {
  public static final HttpVersion HTTP_1_0 = new HttpVersion(1, 0);
  public static final HttpVersion HTTP_1_1 = new HttpVersion(1, 1);

  /**
   * Parses {@code HTTP/x.y} (exactly one digit each, case-sensitive).
   *
   * @throws HttpException 400 if malformed, 505 if not HTTP/1.x
   */
  public static HttpVersion parse(String s) throws HttpException {
    if (s.length() != 8 || !s.startsWith("HTTP/") || s.charAt(6) != '.'
        || !isDigit(s.charAt(5)) || !isDigit(s.charAt(7))) {
      throw new HttpException(400, "malformed version");
    }
    HttpVersion v = new HttpVersion(s.charAt(5) - '0', s.charAt(7) - '0');
    if (v.major != 1) throw new HttpException(505, "unsupported version " + s);
    return v.minor == 0 ? HTTP_1_0 : v.minor == 1 ? HTTP_1_1 : v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** True for HTTP/1.1 and later minor versions, which are persistent by default. */
  public boolean atLeast11() {
    return major > 1 || (major == 1 && minor >= 1);
  }

  @Override
  public String toString() {
    return "HTTP/" + major + "." + minor;
  }
}
