package org.minternet.http.wire;

/** {@code HTTP-version SP status-code SP [reason-phrase]} (RFC 9112 §4). */
public record StatusLine(HttpVersion version, int code, String reason) {
  /**
   * Parses a status line; a missing reason (with or without its SP) is tolerated.
   *
   * @throws HttpException 400 (meaning: bad response) if malformed
   */
  public static StatusLine parse(String line) throws HttpException {
    if (line.length() < 12 || line.charAt(8) != ' ') {
      if (line.length() != 12) throw new HttpException(400, "malformed status line");
    }
    HttpVersion v = HttpVersion.parse(line.substring(0, 8));
    int code = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') throw new HttpException(400, "malformed status code");
      code = code * 10 + (c - '0');
    }
    if (code < 100) throw new HttpException(400, "status code below 100");
    String reason = "";
    if (line.length() > 12) {
      if (line.charAt(12) != ' ') throw new HttpException(400, "malformed status line");
      reason = line.substring(13);
    }
    return new StatusLine(v, code, reason);
  }

  @Override
  public String toString() {
    return version + " " + code + " " + reason;
  }
}
