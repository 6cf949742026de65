package org.minternet.http.proxy;

/**
 * What the proxy did with a request, as the access log names it: Squid's result codes, one per
 * {@code X-Cache} value (and so per {@link CacheStats} counter), plus {@code _ABORTED} when the
 * reply could not be completed.
 *
 * <table>
 *   <caption>Result codes</caption>
 *   <tr><th>code</th><th>X-Cache</th><th>counted in</th><th>meaning</th></tr>
 *   <tr><td>TCP_MEM_HIT</td><td>HIT, HIT-STALE, HIT-COLLAPSED, HIT-STALE-WHILE-REVALIDATE</td>
 *       <td>hits</td><td>served from a response held in memory, without the origin</td></tr>
 *   <tr><td>TCP_HIT</td><td>the same</td><td>hits</td><td>the same, read from the disk tier</td></tr>
 *   <tr><td>TCP_REFRESH_UNMODIFIED</td><td>REVALIDATED</td><td>revalidations, not_modified</td>
 *       <td>validated with the origin (304); the stored body was served</td></tr>
 *   <tr><td>TCP_REFRESH_MODIFIED</td><td>REFRESH</td><td>revalidations</td>
 *       <td>validated with the origin, which sent a new response</td></tr>
 *   <tr><td>TCP_REFRESH_FAIL_OLD</td><td>HIT-STALE-IF-ERROR</td><td>revalidations, hits</td>
 *       <td>validation failed; the stale response was served (stale-if-error)</td></tr>
 *   <tr><td>TCP_REFRESH_FAIL_ERR</td><td>REFRESH-FAILED</td><td>revalidations</td>
 *       <td>validation failed (origin unreachable or too slow); the error was sent</td></tr>
 *   <tr><td>TCP_MISS</td><td>MISS</td><td>misses</td>
 *       <td>a GET or HEAD fetched from the origin (a 502/504 when it could not be)</td></tr>
 *   <tr><td>TCP_PASS</td><td>PASS</td><td>passes</td><td>forwarded without the cache (other
 *       methods, Range misses; Squid logs these as TCP_MISS)</td></tr>
 *   <tr><td>TCP_TUNNEL</td><td>TUNNEL</td><td>tunnels</td><td>a CONNECT tunnel, or the 502/504
 *       when its origin could not be reached</td></tr>
 *   <tr><td>TCP_DENIED</td><td>DENIED</td><td>requests</td><td>403: a client outside the
 *       configured networks, or CONNECT to a port not allowed</td></tr>
 *   <tr><td>NONE</td><td>ERROR, LOCAL, STATS</td><td>requests</td><td>answered by the proxy itself:
 *       a malformed request (400, 408, 413, 414, 431, 501, 505), a forwarding loop (508),
 *       only-if-cached without a stored response (504), OPTIONS or TRACE at Max-Forwards 0, the
 *       statistics page</td></tr>
 * </table>
 */
enum CacheResult {
  TCP_HIT,
  TCP_MEM_HIT,
  TCP_REFRESH_UNMODIFIED,
  TCP_REFRESH_MODIFIED,
  TCP_REFRESH_FAIL_OLD,
  TCP_REFRESH_FAIL_ERR,
  TCP_MISS,
  TCP_PASS,
  TCP_TUNNEL,
  TCP_DENIED,
  NONE;

  /** The result of a reply, from its X-Cache value and where a stored response came from. */
  static CacheResult of(Reply reply) {
    return of(reply.cacheStatus(), reply.fromDisk());
  }

  static CacheResult of(String cacheStatus, boolean fromDisk) {
    return switch (cacheStatus) {
      case "HIT", "HIT-STALE", "HIT-COLLAPSED", "HIT-STALE-WHILE-REVALIDATE" ->
          fromDisk ? TCP_HIT : TCP_MEM_HIT;
      case "HIT-STALE-IF-ERROR" -> TCP_REFRESH_FAIL_OLD;
      case "REVALIDATED" -> TCP_REFRESH_UNMODIFIED;
      case "REFRESH" -> TCP_REFRESH_MODIFIED;
      case "REFRESH-FAILED" -> TCP_REFRESH_FAIL_ERR;
      case "MISS" -> TCP_MISS;
      case "PASS" -> TCP_PASS;
      case "TUNNEL" -> TCP_TUNNEL;
      case "DENIED" -> TCP_DENIED;
      default -> NONE;
    };
  }

  /** The code as logged: the name, with {@code _ABORTED} when the reply was cut short. */
  String code(boolean aborted) {
    return aborted ? name() + "_ABORTED" : name();
  }
}
