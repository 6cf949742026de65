package org.minternet.http.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.minternet.http.wire.ByteRange;
import org.minternet.http.wire.EntityTag;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Http1Reader;
import org.minternet.http.wire.HttpDate;
import org.minternet.http.wire.Status;

/**
 * The shared HTTP cache of RFC 9111 between clients and origins. For each request:
 *
 * <ol>
 *   <li>methods other than GET and HEAD go to the origin; a non-error answer to an unsafe method
 *       invalidates the target and its Location and Content-Location (§4.4);
 *   <li>a GET or HEAD looks up the stored variants of its URI and selects one by Vary (§4.1);
 *   <li>a selected response that {@link Reuse#judge may be reused} is served with its Age, or 304
 *       when the client's own condition matches (§4.3.2); HEAD is answered from a stored GET;
 *   <li>one that needs validation is validated with a conditional GET: a 304 refreshes the stored
 *       header fields (§3.2, §4.3.4), a full response replaces it, an error may serve it stale
 *       (stale-if-error) or is passed on;
 *   <li>a miss goes to the origin; concurrent misses for the same URI wait for the first one
 *       (request collapsing); a storable response (§3) within the per-object limit is stored;
 *   <li>{@code only-if-cached} without a usable stored response is 504 (§5.2.1.7).
 * </ol>
 *
 * Range requests are served from a stored complete response, or passed through; a 206 is never
 * stored, so partial content cannot corrupt the store.
 */
final class HttpCache {
  private static final Logger LOG = System.getLogger(HttpCache.class.getName());
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
  /** Longest a collapsed request waits for the first request's response head. */
  static final long COLLAPSE_WAIT_SECONDS = 30;
  /** Fields a 304 sent from the cache carries (RFC 9110 §15.4.5). */
  private static final Set<String> NOT_MODIFIED_FIELDS = Set.of("cache-control",
      "content-location", "date", "etag", "expires", "vary", "last-modified", "age");

  /** Fields of the stored response a 304 does not replace: they describe the stored bytes. */
  static final List<String> KEPT_ON_304 = List.of("Content-Length", "Content-Encoding",
      "Content-Range", "Content-MD5", "ETag");

  private final CacheStore store;
  private final Upstream upstream;
  private final Counters counters;
  private final Clock clock;
  private final String via;
  private final ConcurrentHashMap<String, CompletableFuture<Void>> inflight =
      new ConcurrentHashMap<>();
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

  HttpCache(CacheStore store, Upstream upstream, Counters counters, Clock clock, String via) {
    this.store = store;
    this.upstream = upstream;
    this.counters = counters;
    this.clock = clock;
    this.via = via;
  }

  Reply handle(ProxyRequest r) {
    String m = r.method();
    if (!m.equals("GET") && !m.equals("HEAD")) return pass(r);
    Headers h = r.headers();
    if (h.contains("If-Match") || h.contains("If-Unmodified-Since")) return pass(r);
    CacheStore.Lookup found = store.lookup(r.key());
    Reply reply = lookedUp(r, select(found.variants(), r));
    return found.fromDisk() ? reply.readFromDisk() : reply;
  }

  /** The answer to a GET or HEAD given the stored variant it selects (or null). */
  private Reply lookedUp(ProxyRequest r, StoredResponse s) {
    Headers h = r.headers();
    CacheControl rcc = CacheControl.of(h);
    boolean noCache = rcc.has("no-cache")
        || (!h.contains("Cache-Control") && h.hasToken("Pragma", "no-cache"));
    long now = clock.millis();
    if (r.method().equals("GET") && h.contains("Range")) return range(r, s, rcc, noCache, now);
    if (s != null) {
      Reuse use = Reuse.judge(s, rcc, noCache, now);
      switch (use) {
        case FRESH -> {
          return hit(r, s, now, true, "HIT");
        }
        case STALE_ALLOWED -> {
          return hit(r, s, now, true, "HIT-STALE");
        }
        default -> { }
      }
      if (rcc.has("only-if-cached")) return error(504);
      if (use == Reuse.STALE_WHILE_REVALIDATE) {
        refreshInBackground(r, s);
        return hit(r, s, now, true, "HIT-STALE-WHILE-REVALIDATE");
      }
      return validate(r, s, rcc);
    }
    if (rcc.has("only-if-cached")) return error(504);
    return miss(r, rcc);
  }

  /** The newest stored variant matching the request's Vary fields, or null. */
  private StoredResponse select(List<StoredResponse> variants, ProxyRequest r) {
    for (StoredResponse s : variants) {
      if (CachePolicy.varyMatches(s, r.headers())) return s;
    }
    return null;
  }

  private Reply hit(ProxyRequest r, StoredResponse s, long now, boolean withoutValidation,
      String how) {
    counters.hits.increment();
    return serve(r, s, now, withoutValidation, how);
  }

  /**
   * The stored response as the client gets it: with its current Age, without the fields of a
   * qualified no-cache unless just validated (§5.2.2.4), or 304 when the client's condition holds.
   */
  private Reply serve(ProxyRequest r, StoredResponse s, long now, boolean withoutValidation,
      String how) {
    Headers headers = s.headers();
    List<String> hidden = s.cacheControl().fieldNames("no-cache");
    if (withoutValidation && !hidden.isEmpty()) {
      Headers.Builder h = headers.toBuilder();
      hidden.forEach(h::remove);
      headers = h.build();
    }
    long age = CachePolicy.currentAge(s, now);
    if (s.status() == 200 && CachePolicy.conditional(r.headers())
        && CachePolicy.notModified(r.headers(), s)) {
      return notModified(headers, how).withAge(age);
    }
    if (r.method().equals("GET")) counters.bytesFromCache.add(s.body().length);
    return Reply.of(s.status(), s.reason(), headers, s.body(), how).withAge(age);
  }

  private static Reply notModified(Headers stored, String how) {
    Headers.Builder b = Headers.builder();
    for (Headers.Field f : stored.fields()) {
      if (NOT_MODIFIED_FIELDS.contains(f.name().toLowerCase(Locale.ROOT))) b.add(f.name(), f.value());
    }
    return Reply.of(304, Status.reason(304), b.build(), new byte[0], how);
  }

  /** A conditional GET for {@code s} (§4.3.1), then the outcome for the client. */
  private Reply validate(ProxyRequest r, StoredResponse s, CacheControl rcc) {
    counters.revalidations.increment();
    Headers.Builder h = originHeaders(r);
    for (String f : List.of("If-None-Match", "If-Modified-Since", "If-Range", "Range")) h.remove(f);
    String etag = s.headers().get("ETag");
    String lastModified = s.headers().get("Last-Modified");
    if (etag != null) h.set("If-None-Match", etag);
    if (lastModified != null) h.set("If-Modified-Since", lastModified);
    long reqTime = clock.millis();
    Upstream.Response o;
    try {
      o = upstream.exchange(r.origin(), "GET", r.target().pathAndQuery(), h.build(),
          Upstream.Body.NONE);
    } catch (Upstream.OriginException e) {
      LOG.log(Level.DEBUG, () -> "validation of " + r.key() + " failed: " + e.getMessage());
      if (Reuse.staleIfError(s, rcc, clock.millis())) {
        return hit(r, s, clock.millis(), true, "HIT-STALE-IF-ERROR");
      }
      return error(e.status, "REFRESH-FAILED");
    }
    long respTime = clock.millis();
    int code = o.head.code();
    if (code == 304) {
      drain(o);
      counters.notModified.increment();
      StoredResponse updated = refreshed(s, o.head.headers(), reqTime, respTime);
      store.replace(s, updated);
      return serve(r, updated, clock.millis(), false, "REVALIDATED");
    }
    if (code >= 500 && Reuse.staleIfError(s, rcc, clock.millis())) {
      o.abandon();
      return hit(r, s, clock.millis(), true, "HIT-STALE-IF-ERROR");
    }
    return fromOrigin(r.asGet(), r, o, rcc, reqTime, respTime, "REFRESH");
  }

  private static Headers withoutConditionals(Headers h) {
    return h.toBuilder().remove("If-None-Match").remove("If-Modified-Since").build();
  }

  /**
   * The stored response with the header fields of a 304 applied (RFC 9111 §3.2): each field the
   * 304 carries replaces the stored ones of that name, except those describing the stored
   * content itself, which a 304 cannot change ({@link #KEPT_ON_304}).
   */
  static StoredResponse refreshed(StoredResponse s, Headers notModified, long reqTime,
      long respTime) {
    Headers.Builder update = HopByHop.endToEnd(notModified);
    KEPT_ON_304.forEach(update::remove);
    Headers fresh = update.build();
    Set<String> names = new HashSet<>();
    for (Headers.Field f : fresh.fields()) names.add(f.name().toLowerCase(Locale.ROOT));
    Headers.Builder b = Headers.builder();
    for (Headers.Field f : s.headers().fields()) {
      if (!names.contains(f.name().toLowerCase(Locale.ROOT))) b.add(f.name(), f.value());
    }
    for (Headers.Field f : fresh.fields()) b.add(f.name(), f.value());
    return s.withHeaders(b.build(), reqTime, respTime);
  }

  private void refreshInBackground(ProxyRequest r, StoredResponse s) {
    if (!refreshing.add(r.key())) return;
    ProxyRequest get = r.asGet().withHeaders(withoutConditionals(r.headers()));
    Thread.ofVirtual().name("http-cache-refresh").start(() -> {
      try {
        Reply reply = validate(get, s, CacheControl.NONE);
        reply.discard();
        if (reply.stream() != null) drain(reply.stream());
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "background revalidation failed", e);
      } finally {
        refreshing.remove(r.key());
      }
    });
  }

  /** A GET or HEAD without a usable stored response. */
  private Reply miss(ProxyRequest r, CacheControl rcc) {
    boolean collapsible = r.method().equals("GET") && !r.headers().contains("Authorization")
        && !CachePolicy.conditional(r.headers()) && !rcc.has("no-store");
    if (!collapsible) return fetch(r, rcc);
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> first = inflight.putIfAbsent(r.key(), mine);
    if (first == null) {
      try {
        return fetch(r, rcc);
      } finally {
        inflight.remove(r.key(), mine);
        mine.complete(null);
      }
    }
    try {
      first.get(COLLAPSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the first request failed or is slow: go to the origin ourselves
    }
    StoredResponse s = select(store.get(r.key()), r);
    if (s != null) {
      long now = clock.millis();
      Reuse use = Reuse.judge(s, rcc, false, now);
      if (use == Reuse.FRESH || use == Reuse.STALE_ALLOWED) return hit(r, s, now, true, "HIT-COLLAPSED");
    }
    return fetch(r, rcc);
  }

  private Reply fetch(ProxyRequest r, CacheControl rcc) {
    counters.misses.increment();
    long reqTime = clock.millis();
    Upstream.Response o;
    try {
      o = upstream.exchange(r.origin(), r.method(), r.target().pathAndQuery(),
          originHeaders(r).build(), Upstream.Body.NONE);
    } catch (Upstream.OriginException e) {
      LOG.log(Level.DEBUG, () -> r.key() + ": " + e.getMessage());
      return error(e.status, "MISS");
    }
    return fromOrigin(r, r, o, rcc, reqTime, clock.millis(), "MISS");
  }

  /**
   * Turns the origin's response into the reply, storing it when allowed (§3). {@code sent} is
   * the request as sent to the origin, {@code client} the one to answer.
   */
  private Reply fromOrigin(ProxyRequest sent, ProxyRequest client, Upstream.Response o,
      CacheControl rcc, long reqTime, long respTime, String how) {
    int code = o.head.code();
    String reason = o.head.status().reason();
    Headers headers = received(o.head.headers(), respTime);
    boolean storable = sent.method().equals("GET") && !rcc.has("no-store")
        && CachePolicy.storable(sent.headers(), code, headers)
        && o.length <= store.maxObjectBytes();
    if (!storable) {
      return Reply.streaming(code, reason, headers, counting(o.body), o.length, how);
    }
    byte[] body;
    try {
      body = o.body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, store.maxObjectBytes() + 1));
    } catch (IOException e) {
      o.abandon();
      return error(502, how);
    }
    counters.bytesFromOrigin.add(body.length);
    if (body.length > store.maxObjectBytes()) {
      InputStream rest = new SequenceInputStream(new ByteArrayInputStream(body), counting(o.body));
      return Reply.streaming(code, reason, headers, rest, o.length, how);
    }
    Headers stored = headers;
    List<String> privateFields = CacheControl.of(headers).fieldNames("private");
    if (!privateFields.isEmpty()) {
      Headers.Builder b = headers.toBuilder();
      privateFields.forEach(b::remove);
      stored = b.build();
    }
    StoredResponse s = new StoredResponse(sent.key(), code, reason, stored, body,
        CachePolicy.varyValues(headers, sent.headers()), reqTime, respTime);
    store.put(s);
    if (client != sent && CachePolicy.conditional(client.headers()) && code == 200
        && CachePolicy.notModified(client.headers(), s)) {
      return notModified(headers, how);
    }
    return Reply.of(code, reason, headers, body, how);
  }

  /** A Range request: served from a stored complete response when usable, else passed on. */
  private Reply range(ProxyRequest r, StoredResponse s, CacheControl rcc, boolean noCache,
      long now) {
    if (s != null && s.status() == 200) {
      Reuse use = Reuse.judge(s, rcc, noCache, now);
      if (use == Reuse.FRESH || use == Reuse.STALE_ALLOWED) {
        Reply whole = hit(r, s, now, true, "HIT");
        if (whole.status() != 200 || !ifRangeMatches(r.headers().get("If-Range"), s)) return whole;
        var outcome = ByteRange.evaluate(r.headers().get("Range"), s.body().length, 1);
        return switch (outcome) {
          case ByteRange.Outcome.Ranges rs -> {
            ByteRange br = rs.ranges().get(0);
            byte[] part = java.util.Arrays.copyOfRange(s.body(), (int) br.first(),
                (int) br.last() + 1);
            Headers h = whole.headers().toBuilder()
                .set("Content-Range", br.contentRange(s.body().length)).build();
            yield Reply.of(206, Status.reason(206), h, part, "HIT").withAge(whole.age());
          }
          case ByteRange.Outcome.Unsatisfiable u -> Reply.of(416, Status.reason(416),
              Headers.of("Content-Range", "bytes */" + s.body().length,
                  "Content-Type", "text/plain"), new byte[0], "HIT");
          case ByteRange.Outcome.Whole w -> whole;
        };
      }
    }
    if (rcc.has("only-if-cached")) return error(504);
    return pass(r);
  }

  private static boolean ifRangeMatches(String ifRange, StoredResponse s) {
    if (ifRange == null) return true;
    String etag = s.headers().get("ETag");
    if (ifRange.trim().startsWith("\"") || ifRange.trim().startsWith("W/")) {
      EntityTag a = EntityTag.parse(ifRange);
      EntityTag b = etag == null ? null : EntityTag.parse(etag);
      return a != null && b != null && a.strongMatch(b);
    }
    String lm = s.headers().get("Last-Modified");
    return lm != null && lm.trim().equals(ifRange.trim());
  }

  /** Any other request: to the origin, with invalidation after unsafe methods (§4.4). */
  private Reply pass(ProxyRequest r) {
    counters.passes.increment();
    Upstream.Response o;
    try {
      o = upstream.exchange(r.origin(), r.method(), r.target().pathAndQuery(),
          originHeaders(r).build(), r.body());
    } catch (Upstream.OriginException e) {
      LOG.log(Level.DEBUG, () -> r.key() + ": " + e.getMessage());
      return error(e.status, "PASS");
    }
    int code = o.head.code();
    Headers headers = received(o.head.headers(), clock.millis());
    if (!SAFE.contains(r.method()) && code >= 200 && code < 400) {
      invalidate(r.key(), r.target(), headers);
    }
    return Reply.streaming(code, o.head.status().reason(), headers, counting(o.body), o.length,
        "PASS");
  }

  private void invalidate(String key, Target target, Headers response) {
    store.remove(key);
    for (String field : List.of("Location", "Content-Location")) {
      String v = response.get(field);
      if (v == null) continue;
      try {
        URI u = URI.create(key).resolve(v.trim());
        if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) continue;
        int port = u.getPort() < 0 ? 80 : u.getPort();
        if (!u.getHost().equalsIgnoreCase(target.host()) || port != target.port()) continue;
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        if (u.getRawQuery() != null) path += "?" + u.getRawQuery();
        store.remove(new Target(target.host(), port, path).uri());
      } catch (IllegalArgumentException e) {
        // an unusable URI invalidates nothing
      }
    }
  }

  /**
   * The end-to-end fields of a response from the origin, with a Date added when it had none
   * (RFC 9110 §6.6.1: a recipient with a clock records when it received the message).
   */
  private static Headers received(Headers h, long now) {
    Headers.Builder b = HopByHop.endToEnd(h);
    if (!b.contains("Date")) b.add("Date", HttpDate.format(java.time.Instant.ofEpochMilli(now)));
    return b.build();
  }

  /** The request fields for the origin: the client's end-to-end fields, Host and Via. */
  private Headers.Builder originHeaders(ProxyRequest r) {
    Headers.Builder b = r.headers().toBuilder();
    b.set("Host", r.hostHeader());
    HopByHop.addVia(b, r.version().major() + "." + r.version().minor(), via);
    return b;
  }

  private InputStream counting(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) counters.bytesFromOrigin.increment();
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) counters.bytesFromOrigin.add(n);
        return n;
      }
    };
  }

  private static void drain(Upstream.Response o) {
    try {
      Http1Reader.drain(o.body);
    } catch (IOException e) {
      o.abandon();
    }
  }

  private static void drain(InputStream in) {
    try (in) {
      Http1Reader.drain(in);
    } catch (IOException ignored) {
      // connection closed
    }
  }

  /** An error the proxy generates itself, before any cache or origin work. */
  static Reply error(int status) {
    return error(status, "ERROR");
  }

  /**
   * An error the proxy generates itself; {@code cacheStatus} says on which path (e.g. "MISS" when
   * the origin of a miss could not be reached).
   */
  static Reply error(int status, String cacheStatus) {
    byte[] body = Status.errorBody(status);
    return Reply.of(status, Status.reason(status),
        Headers.of("Content-Type", "text/plain; charset=us-ascii", "Cache-Control", "no-store"),
        body, cacheStatus);
  }
}
