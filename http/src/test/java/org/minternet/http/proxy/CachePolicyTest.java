package org.minternet.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.HttpDate;

/** RFC 9111 rules with literal header fields and clock readings. */
class CachePolicyTest {
  private static final long T = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private static String date(long millis) {
    return HttpDate.format(Instant.ofEpochMilli(millis));
  }

  private static StoredResponse stored(long reqTime, long respTime, String... headers) {
    return new StoredResponse("http://a/", 200, "OK", Headers.of(headers), new byte[0], Map.of(),
        reqTime, respTime);
  }

  @Test
  void cacheControlParsesTokensQuotedStringsAndFirstOccurrence() {
    CacheControl cc = CacheControl.parse(
        "Max-Age=60, no-cache=\"Set-Cookie, X-A\", max-age=5,private, s-maxage=\"30\"");
    assertThat(cc.seconds("max-age")).isEqualTo(60);
    assertThat(cc.seconds("s-maxage")).isEqualTo(30);
    assertThat(cc.fieldNames("no-cache")).containsExactly("set-cookie", "x-a");
    assertThat(cc.unqualified("no-cache")).isFalse();
    assertThat(cc.unqualified("private")).isTrue();
    assertThat(cc.seconds("min-fresh")).isEqualTo(-2);
  }

  @Test
  void deltaSecondsMalformedAndHuge() {
    assertThat(CacheControl.parse("max-age=-1").seconds("max-age")).isEqualTo(CacheControl.INVALID);
    assertThat(CacheControl.parse("max-age=1x").seconds("max-age")).isEqualTo(CacheControl.INVALID);
    assertThat(CacheControl.parse("max-age").seconds("max-age")).isEqualTo(CacheControl.INVALID);
    assertThat(CacheControl.parse("max-age=99999999999999999999999").seconds("max-age"))
        .isEqualTo(CacheControl.MAX_DELTA);
  }

  @Test
  void cacheControlAcrossSeveralFieldLines() {
    Headers h = Headers.of("Cache-Control", "public", "Cache-Control", "max-age=10");
    CacheControl cc = CacheControl.of(h);
    assertThat(cc.has("public")).isTrue();
    assertThat(cc.seconds("max-age")).isEqualTo(10);
  }

  @Test
  void storability() {
    Headers none = Headers.EMPTY;
    assertThat(CachePolicy.storable(none, 200, Headers.of("Cache-Control", "max-age=1"))).isTrue();
    assertThat(CachePolicy.storable(none, 200, Headers.EMPTY)).isTrue();
    assertThat(CachePolicy.storable(none, 201, Headers.EMPTY)).isFalse();
    assertThat(CachePolicy.storable(none, 201, Headers.of("Cache-Control", "max-age=5"))).isTrue();
    assertThat(CachePolicy.storable(none, 302, Headers.EMPTY)).isFalse();
    assertThat(CachePolicy.storable(none, 404, Headers.EMPTY)).isTrue();
    assertThat(CachePolicy.storable(none, 206, Headers.of("Cache-Control", "max-age=5"))).isFalse();
    assertThat(CachePolicy.storable(none, 304, Headers.of("Cache-Control", "max-age=5"))).isFalse();
    assertThat(CachePolicy.storable(none, 200, Headers.of("Cache-Control", "no-store"))).isFalse();
    assertThat(CachePolicy.storable(none, 200, Headers.of("Cache-Control", "private"))).isFalse();
    assertThat(CachePolicy.storable(none, 200,
        Headers.of("Cache-Control", "private=\"X-A\", max-age=5"))).isTrue();
    assertThat(CachePolicy.storable(none, 200, Headers.of("Vary", "*"))).isFalse();
    assertThat(CachePolicy.storable(Headers.of("Cache-Control", "no-store"), 200,
        Headers.of("Cache-Control", "max-age=5"))).isFalse();
  }

  @Test
  void authorizationNeedsPublicMustRevalidateOrSMaxage() {
    Headers auth = Headers.of("Authorization", "Basic eDp5");
    assertThat(CachePolicy.storable(auth, 200, Headers.of("Cache-Control", "max-age=60"))).isFalse();
    assertThat(CachePolicy.storable(auth, 200, Headers.of("Cache-Control", "public"))).isTrue();
    assertThat(CachePolicy.storable(auth, 200, Headers.of("Cache-Control", "s-maxage=5"))).isTrue();
    assertThat(CachePolicy.storable(auth, 200,
        Headers.of("Cache-Control", "must-revalidate, max-age=5"))).isTrue();
  }

  @Test
  void mustUnderstandOverridesNoStoreOnlyForUnderstoodCodes() {
    Headers cc = Headers.of("Cache-Control", "must-understand, no-store, max-age=60");
    assertThat(CachePolicy.storable(Headers.EMPTY, 200, cc)).isTrue();
    assertThat(CachePolicy.storable(Headers.EMPTY, 299, cc)).isFalse();
    assertThat(CachePolicy.storable(Headers.EMPTY, 299,
        Headers.of("Cache-Control", "max-age=60"))).isTrue();
  }

  @Test
  void lifetimePrecedenceSMaxageMaxAgeExpires() {
    String d = date(T);
    assertThat(CachePolicy.lifetime(200, Headers.of("Cache-Control", "max-age=10, s-maxage=20",
        "Expires", date(T + 30_000), "Date", d), T).seconds()).isEqualTo(20);
    assertThat(CachePolicy.lifetime(200, Headers.of("Cache-Control", "max-age=10",
        "Expires", date(T + 30_000), "Date", d), T).seconds()).isEqualTo(10);
    assertThat(CachePolicy.lifetime(200, Headers.of("Expires", date(T + 30_000), "Date", d), T)
        .seconds()).isEqualTo(30);
    assertThat(CachePolicy.lifetime(200, Headers.of("Expires", "0", "Date", d), T).seconds())
        .isZero();
    assertThat(CachePolicy.lifetime(200, Headers.of("Expires", date(T - 5000), "Date", d), T)
        .seconds()).isZero();
    assertThat(CachePolicy.lifetime(200, Headers.of("Cache-Control", "max-age=abc"), T).seconds())
        .isZero();
  }

  @Test
  void expiresIsRelativeToDateNotTheLocalClock() {
    long originClockAhead = T + 3_600_000;
    Headers h = Headers.of("Date", date(originClockAhead), "Expires", date(originClockAhead + 60_000));
    assertThat(CachePolicy.lifetime(200, h, T).seconds()).isEqualTo(60);
  }

  @Test
  void heuristicFromLastModifiedOnlyForHeuristicCodes() {
    Headers h = Headers.of("Date", date(T), "Last-Modified", date(T - 100_000_000L));
    CachePolicy.Lifetime l = CachePolicy.lifetime(200, h, T);
    assertThat(l.heuristic()).isTrue();
    assertThat(l.seconds()).isEqualTo(10_000);
    assertThat(CachePolicy.lifetime(302, h, T).seconds()).isZero();
    Headers old = Headers.of("Date", date(T), "Last-Modified", date(T - 100L * 86_400_000L * 30));
    assertThat(CachePolicy.lifetime(200, old, T).seconds()).isEqualTo(CachePolicy.MAX_HEURISTIC_SECONDS);
  }

  @Test
  void currentAgeFollowsSection423() {
    StoredResponse r = stored(T - 2000, T, "Date", date(T - 10_000), "Age", "5");
    assertThat(CachePolicy.currentAge(r, T)).isEqualTo(10);
    assertThat(CachePolicy.currentAge(r, T + 7_000)).isEqualTo(17);
    StoredResponse aged = stored(T - 2000, T, "Date", date(T), "Age", "100");
    assertThat(CachePolicy.currentAge(aged, T)).isEqualTo(102);
    StoredResponse noDate = stored(T, T);
    assertThat(CachePolicy.currentAge(noDate, T + 3000)).isEqualTo(3);
  }

  @Test
  void untrustworthyAgeMakesTheResponseOld() {
    assertThat(CachePolicy.ageValue(Headers.of("Age", "7200.0"))).isEqualTo(7200);
    assertThat(CachePolicy.ageValue(Headers.of("Age", "0,7200"))).isEqualTo(0);
    assertThat(CachePolicy.ageValue(Headers.of("Age", "7200;foo=1"))).isEqualTo(7200);
    assertThat(CachePolicy.ageValue(Headers.EMPTY)).isEqualTo(0);
    for (Headers bad : java.util.List.of(Headers.of("Age", "abc"), Headers.of("Age", "-1"),
        Headers.of("Age", ""), Headers.of("Age", "0", "Age", "0"))) {
      assertThat(CachePolicy.ageValue(bad)).isEqualTo(CacheControl.MAX_DELTA);
    }
    assertThat(CachePolicy.ageValue(Headers.of("Age", "99999999999999999999")))
        .isEqualTo(CacheControl.MAX_DELTA);
  }

  @Test
  void varyMatchingNormalisesWhitespaceAndAbsence() {
    Headers resp = Headers.of("Vary", "Accept-Encoding, Accept-Language");
    Map<String, String> values = CachePolicy.varyValues(resp,
        Headers.of("Accept-Encoding", "gzip,  br"));
    StoredResponse s = new StoredResponse("k", 200, "OK", resp, new byte[0], values, T, T);
    assertThat(CachePolicy.varyMatches(s, Headers.of("Accept-Encoding", "gzip, br"))).isTrue();
    assertThat(CachePolicy.varyMatches(s, Headers.of("accept-encoding", "gzip,br"))).isTrue();
    assertThat(CachePolicy.varyMatches(s, Headers.of("Accept-Encoding", "br, gzip"))).isFalse();
    assertThat(CachePolicy.varyMatches(s, Headers.of("Accept-Encoding", "gzip, br",
        "Accept-Language", "fr"))).isFalse();
    assertThat(CachePolicy.varyMatches(s, Headers.EMPTY)).isFalse();
    Headers lang = Headers.of("Vary", "Accept-Language");
    StoredResponse l = new StoredResponse("k", 200, "OK", lang, new byte[0],
        CachePolicy.varyValues(lang, Headers.of("Accept-Language", "en-US")), T, T);
    assertThat(CachePolicy.varyMatches(l, Headers.of("Accept-Language", "en-us"))).isTrue();
    assertThat(CachePolicy.varyMatches(l, Headers.of("Accept-Language", "en-GB"))).isFalse();
  }

  @Test
  void notModifiedUsesWeakComparisonAndIfNoneMatchPrecedence() {
    StoredResponse s = stored(T, T, "ETag", "W/\"a\"", "Last-Modified", date(T - 60_000));
    assertThat(CachePolicy.notModified(Headers.of("If-None-Match", "\"a\""), s)).isTrue();
    assertThat(CachePolicy.notModified(Headers.of("If-None-Match", "\"b\", W/\"a\""), s)).isTrue();
    assertThat(CachePolicy.notModified(Headers.of("If-None-Match", "*"), s)).isTrue();
    assertThat(CachePolicy.notModified(Headers.of("If-None-Match", "\"b\"",
        "If-Modified-Since", date(T)), s)).isFalse();
    assertThat(CachePolicy.notModified(Headers.of("If-Modified-Since", date(T)), s)).isTrue();
    assertThat(CachePolicy.notModified(Headers.of("If-Modified-Since", date(T - 120_000)), s))
        .isFalse();
    assertThat(CachePolicy.notModified(Headers.of("If-Modified-Since", "garbage"), s)).isFalse();
  }

  @Test
  void refreshFrom304ReplacesFieldsButNotContentLength() {
    StoredResponse s = new StoredResponse("k", 200, "OK", Headers.of("Content-Length", "3",
        "Cache-Control", "max-age=1", "X-A", "1", "X-A", "2", "X-B", "b"), "abc".getBytes(),
        Map.of(), T, T);
    StoredResponse r = HttpCache.refreshed(s, Headers.of("Cache-Control", "max-age=9",
        "X-A", "3", "Content-Length", "0", "Connection", "close", "ETag", "\"other\"",
        "Content-Encoding", "gzip"), T + 5, T + 6);
    assertThat(r.headers().contains("ETag")).isFalse();
    assertThat(r.headers().contains("Content-Encoding")).isFalse();
    assertThat(r.headers().all("X-A")).containsExactly("3");
    assertThat(r.headers().get("Cache-Control")).isEqualTo("max-age=9");
    assertThat(r.headers().get("Content-Length")).isEqualTo("3");
    assertThat(r.headers().get("X-B")).isEqualTo("b");
    assertThat(r.headers().contains("Connection")).isFalse();
    assertThat(r.responseTime()).isEqualTo(T + 6);
    assertThat(r.body()).isEqualTo("abc".getBytes());
  }
}
