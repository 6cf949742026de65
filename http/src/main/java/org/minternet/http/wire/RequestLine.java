package org.minternet.http.wire;

/**
 * {@code method SP request-target SP HTTP-version} (RFC 9112 §3).
 *
 * @param method the method token, case-sensitive
 * @param target the request-target as sent (origin-form, absolute-form, authority-form or "*")
 * @param version the protocol version
 */
public record RequestLine(String method, String target, HttpVersion version) {
  /**
   * Parses a request line. Exactly one SP between the three parts; the method a token; the target
   * visible ASCII only.
   *
   * @throws HttpException 400 if malformed, 505 for another major version
   */
  public static RequestLine parse(String line) throws HttpException {
    int sp1 = line.indexOf(' ');
    int sp2 = line.lastIndexOf(' ');
    if (sp1 <= 0 || sp2 == sp1) throw new HttpException(400, "malformed request line");
    String method = line.substring(0, sp1);
    String target = line.substring(sp1 + 1, sp2);
    String version = line.substring(sp2 + 1);
    if (!Syntax.isToken(method)) throw new HttpException(400, "bad method");
    if (target.isEmpty()) throw new HttpException(400, "empty target");
    for (int i = 0; i < target.length(); i++) {
      if (!Syntax.isTargetByte(target.charAt(i))) throw new HttpException(400, "bad target");
    }
    return new RequestLine(method, target, HttpVersion.parse(version));
  }

  @Override
  public String toString() {
    return method + " " + target + " " + version;
  }
}
