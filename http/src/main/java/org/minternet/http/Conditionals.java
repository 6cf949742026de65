package org.minternet.http;

import java.time.Instant;
import org.minternet.http.wire.EntityTag;
import org.minternet.http.wire.HttpDate;

/** Evaluation of conditional requests in the order of RFC 9110 §13.2.2. */
final class Conditionals {
  private Conditionals() {}

  /** Whether the request carries any precondition field (most do not). */
  static boolean present(Request r) {
    for (org.minternet.http.wire.Headers.Field f : r.headers().fields()) {
      String n = f.name();
      if (n.length() > 3 && (n.charAt(0) == 'I' || n.charAt(0) == 'i')
          && (n.charAt(1) == 'F' || n.charAt(1) == 'f') && n.charAt(2) == '-') {
        return true;
      }
    }
    return false;
  }

  /**
   * Evaluates If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since against the
   * selected representation.
   *
   * @return 304 or 412 when a precondition decides the response, null to proceed
   */
  static Integer evaluate(Request r, EntityTag etag, Instant modified, boolean exists) {
    boolean safe = r.method().equals("GET") || r.method().equals("HEAD");
    String ifMatch = r.header("If-Match");
    if (ifMatch != null) {
      if (!matchesAny(ifMatch, etag, exists, true)) return 412;
    } else {
      Instant since = HttpDate.parse(r.header("If-Unmodified-Since"));
      if (since != null && exists && modified.isAfter(since)) return 412;
    }
    String ifNoneMatch = r.header("If-None-Match");
    if (ifNoneMatch != null) {
      if (matchesAny(ifNoneMatch, etag, exists, false)) return safe ? 304 : 412;
    } else if (safe) {
      Instant since = HttpDate.parse(r.header("If-Modified-Since"));
      if (since != null && exists && !modified.isAfter(since)) return 304;
    }
    return null;
  }

  private static boolean matchesAny(String header, EntityTag etag, boolean exists, boolean strong) {
    if (header.trim().equals("*")) return exists;
    if (!exists) return false;
    for (EntityTag t : EntityTag.parseList(header)) {
      if (strong ? t.strongMatch(etag) : t.weakMatch(etag)) return true;
    }
    return false;
  }

  /** If-Range (RFC 9110 §13.1.5): true when absent or when it matches exactly. */
  static boolean ifRangeHolds(String ifRange, EntityTag etag, Instant modified) {
    if (ifRange == null) return true;
    String v = ifRange.trim();
    if (v.startsWith("\"") || v.startsWith("W/")) {
      EntityTag t = EntityTag.parse(v);
      return t != null && t.strongMatch(etag);
    }
    Instant date = HttpDate.parse(v);
    return date != null && date.equals(modified);
  }
}
