package org.minternet.http.proxy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.minternet.http.wire.EntityTag;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.HttpDate;

/**
 * The rules of RFC 9111 for a shared cache, as pure functions of messages and clock readings:
 * whether a response may be stored (§3), its freshness lifetime (§4.2.1, heuristic §4.2.2), its
 * current age (§4.2.3), whether a stored response matches a request's Vary fields (§4.1), and
 * whether the client's own conditional request can be answered 304 from the store (§4.3.2).
 */
final class CachePolicy {
  private CachePolicy() {}

  /**
   * The status codes whose caching semantics this cache implements; {@code must-understand}
   * (§5.2.2.3) stores only these.
   */
  static final Set<Integer> UNDERSTOOD = Set.of(200, 203, 204, 300, 301, 302, 303, 307, 308,
      404, 405, 410, 414, 451, 500, 501, 502, 503, 504);

  /** Heuristically cacheable status codes (RFC 9110 §15.1). */
  static final Set<Integer> HEURISTIC = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410,
      414, 501);

  /** Upper bound of a heuristic lifetime, as common caches use. */
  static final long MAX_HEURISTIC_SECONDS = 24 * 3600;

  /** The fraction of the time since Last-Modified used as heuristic lifetime (§4.2.2). */
  static final double HEURISTIC_FRACTION = 0.1;

  /**
   * Whether a shared cache may store the response to a GET (RFC 9111 §3, §3.5).
   *
   * @param request the request header fields (for no-store and Authorization)
   * @param status the final status code
   * @param response the response header fields
   */
  static boolean storable(Headers request, int status, Headers response) {
    if (status < 200 || status == 206 || status == 304) return false;
    CacheControl req = CacheControl.of(request);
    CacheControl cc = CacheControl.of(response);
    if (req.has("no-store")) return false;
    if (cc.has("must-understand")) {
      if (!UNDERSTOOD.contains(status)) return false;
    } else if (cc.has("no-store")) {
      return false;
    }
    if (cc.unqualified("private")) return false;
    if (response.hasToken("Vary", "*")) return false;
    if (request.contains("Authorization")
        && !(cc.has("must-revalidate") || cc.has("public") || cc.has("s-maxage"))) {
      return false;
    }
    return cc.has("public") || response.contains("Expires") || cc.has("max-age")
        || cc.has("s-maxage") || HEURISTIC.contains(status);
  }

  /** A freshness lifetime in seconds and whether it was guessed from Last-Modified. */
  record Lifetime(long seconds, boolean heuristic) {}

  /** The freshness lifetime of a stored response in a shared cache (§4.2.1, §4.2.2). */
  static Lifetime lifetime(int status, Headers h, long responseTime) {
    CacheControl cc = CacheControl.of(h);
    long s = cc.seconds("s-maxage");
    if (s != -2) return new Lifetime(Math.max(0, s), false);
    long m = cc.seconds("max-age");
    if (m != -2) return new Lifetime(Math.max(0, m), false);
    String expires = h.get("Expires");
    if (expires != null) {
      Instant e = HttpDate.parse(expires);
      if (e == null) return new Lifetime(0, false);
      long date = dateValue(h, responseTime);
      return new Lifetime(Math.max(0, Math.floorDiv(e.toEpochMilli() - date, 1000)), false);
    }
    if (HEURISTIC.contains(status) || cc.has("public")) {
      Instant lm = HttpDate.parse(h.get("Last-Modified"));
      if (lm != null) {
        long since = dateValue(h, responseTime) - lm.toEpochMilli();
        if (since > 0) {
          long guess = (long) (since / 1000 * HEURISTIC_FRACTION);
          return new Lifetime(Math.min(guess, MAX_HEURISTIC_SECONDS), true);
        }
      }
    }
    return new Lifetime(0, false);
  }

  /** The Date of a response in epoch milliseconds; the receipt time when missing or invalid. */
  static long dateValue(Headers h, long responseTime) {
    Instant d = HttpDate.parse(h.get("Date"));
    return d == null ? responseTime : d.toEpochMilli();
  }

  /**
   * The Age header value in seconds (RFC 9111 §5.1): 0 when absent; the leading digits of a
   * single field line ({@code 7200.0} and {@code 7200, 0} count as 7200). A value that does not
   * start with a digit, or several Age field lines, cannot be trusted: the response is then taken
   * as older than any lifetime, so that it is validated before reuse.
   */
  static long ageValue(Headers h) {
    List<String> lines = h.all("Age");
    if (lines.isEmpty()) return 0;
    if (lines.size() > 1) return CacheControl.MAX_DELTA;
    String a = lines.get(0).trim();
    long n = 0;
    int i = 0;
    for (; i < a.length(); i++) {
      char c = a.charAt(i);
      if (c < '0' || c > '9') break;
      n = Math.min(n * 10 + (c - '0'), CacheControl.MAX_DELTA);
    }
    return i == 0 ? CacheControl.MAX_DELTA : n;
  }

  /** The current age of a stored response in seconds at {@code now} (§4.2.3). */
  static long currentAge(StoredResponse r, long now) {
    long resident = Math.max(0, now - r.responseTime());
    return (r.initialAgeMillis() + resident) / 1000;
  }

  /** The corrected initial age in milliseconds of a response received at once (§4.2.3). */
  static long correctedInitialAge(Headers h, long requestTime, long responseTime) {
    long apparent = Math.max(0, responseTime - dateValue(h, responseTime));
    long delay = Math.max(0, responseTime - requestTime);
    long corrected = ageValue(h) * 1000 + delay;
    return Math.max(apparent, corrected);
  }

  /** The request fields named by a response's Vary, normalised (§4.1). */
  static Map<String, String> varyValues(Headers response, Headers request) {
    List<String> names = response.list("Vary");
    if (names.isEmpty()) return Map.of();
    Map<String, String> out = new HashMap<>();
    for (String n : names) {
      String name = n.toLowerCase(Locale.ROOT);
      out.put(name, normalise(name, request.all(name)));
    }
    return out;
  }

  /** Fields whose values are case-insensitive tokens (RFC 9110 §12.5), compared in lower case. */
  private static final Set<String> CASELESS = Set.of("accept-language", "accept-encoding",
      "accept-charset");

  /**
   * Combined field lines with list whitespace removed (and case folded for the Accept fields
   * whose values are case-insensitive), so that trivial differences still select a variant.
   */
  static String normalise(String name, List<String> lines) {
    String v = normalise(lines);
    return v != null && CASELESS.contains(name) ? v.toLowerCase(Locale.ROOT) : v;
  }

  static String normalise(List<String> lines) {
    if (lines.isEmpty()) return null;
    StringBuilder sb = new StringBuilder();
    for (String line : lines) {
      for (String e : line.split(",")) {
        String t = e.trim();
        if (t.isEmpty()) continue;
        if (!sb.isEmpty()) sb.append(',');
        sb.append(t);
      }
    }
    return sb.toString();
  }

  /** Whether a stored response can be selected for a request with these fields (§4.1). */
  static boolean varyMatches(StoredResponse stored, Headers request) {
    if (stored.headers().hasToken("Vary", "*")) return false;
    for (Map.Entry<String, String> e : stored.varyValues().entrySet()) {
      String now = normalise(e.getKey(), request.all(e.getKey()));
      if (now == null ? e.getValue() != null : !now.equals(e.getValue())) return false;
    }
    return true;
  }

  /**
   * Whether the client's conditional GET or HEAD can be answered 304 with the stored response
   * (RFC 9110 §13.2.2, RFC 9111 §4.3.2): If-None-Match by weak comparison with the stored ETag;
   * without it, If-Modified-Since against Last-Modified (or Date).
   */
  static boolean notModified(Headers request, StoredResponse stored) {
    String inm = request.get("If-None-Match");
    if (inm != null) {
      String etag = stored.headers().get("ETag");
      if (inm.trim().equals("*")) return true;
      EntityTag tag = etag == null ? null : EntityTag.parse(etag);
      if (tag == null) return false;
      for (EntityTag t : EntityTag.parseList(String.join(",", request.all("If-None-Match")))) {
        if (t.weakMatch(tag)) return true;
      }
      return false;
    }
    String ims = request.get("If-Modified-Since");
    if (ims != null) {
      Instant since = HttpDate.parse(ims);
      if (since == null) return false;
      String lmv = stored.headers().get("Last-Modified");
      Instant lm = HttpDate.parse(lmv != null ? lmv : stored.headers().get("Date"));
      return lm != null && !lm.isAfter(since);
    }
    return false;
  }

  /** True if the request carries a precondition the cache evaluates itself. */
  static boolean conditional(Headers request) {
    return request.contains("If-None-Match") || request.contains("If-Modified-Since");
  }
}
