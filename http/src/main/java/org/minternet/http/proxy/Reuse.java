package org.minternet.http.proxy;

/**
 * Whether a stored response may answer a request without contacting the origin (RFC 9111 §4.2,
 * §5.2.1, §5.2.2; RFC 5861 stale-while-revalidate; RFC 8246 immutable).
 */
enum Reuse {
  /** Fresh and acceptable to the request. */
  FRESH,
  /** Stale but the request accepts it (max-stale). */
  STALE_ALLOWED,
  /** Stale within stale-while-revalidate: serve it and validate in the background. */
  STALE_WHILE_REVALIDATE,
  /** Must be validated with the origin first. */
  VALIDATE;

  /**
   * Judges {@code stored} for a request with directives {@code req} at {@code now}.
   *
   * @param reqNoCache the request's no-cache (or Pragma: no-cache without Cache-Control)
   */
  static Reuse judge(StoredResponse stored, CacheControl req, boolean reqNoCache, long now) {
    CacheControl cc = stored.cacheControl();
    long lifetime = stored.lifetime();
    long age = CachePolicy.currentAge(stored, now);
    boolean fresh = lifetime > age;
    if (cc.unqualified("no-cache") || reqNoCache) return VALIDATE;
    long maxAge = req.seconds("max-age");
    if (maxAge == CacheControl.INVALID) return VALIDATE;
    if (maxAge >= 0 && age > maxAge && !(fresh && cc.has("immutable"))) return VALIDATE;
    long minFresh = req.seconds("min-fresh");
    if (minFresh == CacheControl.INVALID) return VALIDATE;
    if (minFresh >= 0 && lifetime - age < minFresh) return VALIDATE;
    if (fresh) return FRESH;
    if (mustRevalidate(cc)) return VALIDATE;
    long staleness = age - lifetime;
    if (req.has("max-stale")) {
      if (req.unqualified("max-stale")) return STALE_ALLOWED;
      long maxStale = req.seconds("max-stale");
      if (maxStale >= 0 && staleness <= maxStale) return STALE_ALLOWED;
    }
    long swr = cc.seconds("stale-while-revalidate");
    if (swr >= 0 && staleness <= swr) return STALE_WHILE_REVALIDATE;
    return VALIDATE;
  }

  /** Stale responses with these directives are never served without validation (§4.2.4). */
  static boolean mustRevalidate(CacheControl cc) {
    return cc.has("must-revalidate") || cc.has("proxy-revalidate") || cc.has("s-maxage");
  }

  /**
   * Whether a stale response may be served because the origin failed (RFC 5861 §4), by the
   * response's or the request's stale-if-error.
   */
  static boolean staleIfError(StoredResponse stored, CacheControl req, long now) {
    CacheControl cc = stored.cacheControl();
    if (mustRevalidate(cc) || cc.unqualified("no-cache")) return false;
    long lifetime = stored.lifetime();
    long staleness = CachePolicy.currentAge(stored, now) - lifetime;
    long a = cc.seconds("stale-if-error");
    long b = req.seconds("stale-if-error");
    return (a >= 0 && staleness <= a) || (b >= 0 && staleness <= b);
  }
}
