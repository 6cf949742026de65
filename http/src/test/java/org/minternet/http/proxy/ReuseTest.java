package org.minternet.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.HttpDate;

/** When a stored response may be reused (RFC 9111 §4.2, §5.2; RFC 5861; RFC 8246). */
class ReuseTest {
  private static final long T = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private static StoredResponse stored(String cacheControl) {
    return new StoredResponse("k", 200, "OK", Headers.of("Date", HttpDate.format(
        Instant.ofEpochMilli(T)), "Cache-Control", cacheControl), new byte[0], Map.of(), T, T);
  }

  private static Reuse judge(String response, String request, long secondsLater) {
    return Reuse.judge(stored(response), CacheControl.parse(request), false,
        T + secondsLater * 1000);
  }

  @Test
  void freshAndStale() {
    assertThat(judge("max-age=60", "", 59)).isEqualTo(Reuse.FRESH);
    assertThat(judge("max-age=60", "", 60)).isEqualTo(Reuse.VALIDATE);
  }

  @Test
  void requestDirectives() {
    assertThat(judge("max-age=60", "max-age=10", 11)).isEqualTo(Reuse.VALIDATE);
    assertThat(judge("max-age=60", "max-age=10", 10)).isEqualTo(Reuse.FRESH);
    assertThat(judge("max-age=60", "min-fresh=30", 31)).isEqualTo(Reuse.VALIDATE);
    assertThat(judge("max-age=60", "min-fresh=30", 30)).isEqualTo(Reuse.FRESH);
    assertThat(judge("max-age=60", "max-stale=30", 90)).isEqualTo(Reuse.STALE_ALLOWED);
    assertThat(judge("max-age=60", "max-stale=30", 91)).isEqualTo(Reuse.VALIDATE);
    assertThat(judge("max-age=60", "max-stale", 100_000)).isEqualTo(Reuse.STALE_ALLOWED);
    assertThat(judge("max-age=60", "max-age=abc", 0)).isEqualTo(Reuse.VALIDATE);
    assertThat(Reuse.judge(stored("max-age=60"), CacheControl.NONE, true, T))
        .isEqualTo(Reuse.VALIDATE);
  }

  @Test
  void responseDirectives() {
    assertThat(judge("no-cache, max-age=60", "", 0)).isEqualTo(Reuse.VALIDATE);
    assertThat(judge("no-cache=\"X-A\", max-age=60", "", 0)).isEqualTo(Reuse.FRESH);
    assertThat(judge("max-age=60, must-revalidate", "max-stale", 61)).isEqualTo(Reuse.VALIDATE);
    assertThat(judge("max-age=60, proxy-revalidate", "max-stale", 61)).isEqualTo(Reuse.VALIDATE);
    assertThat(judge("s-maxage=60", "max-stale", 61)).isEqualTo(Reuse.VALIDATE);
    assertThat(judge("max-age=60, stale-while-revalidate=30", "", 90))
        .isEqualTo(Reuse.STALE_WHILE_REVALIDATE);
    assertThat(judge("max-age=60, stale-while-revalidate=30", "", 91)).isEqualTo(Reuse.VALIDATE);
    assertThat(judge("max-age=60, stale-while-revalidate=30, must-revalidate", "", 70))
        .isEqualTo(Reuse.VALIDATE);
  }

  @Test
  void immutableIgnoresAReloadsMaxAgeWhileFresh() {
    assertThat(judge("max-age=600, immutable", "max-age=0", 5)).isEqualTo(Reuse.FRESH);
    assertThat(judge("max-age=600", "max-age=0", 5)).isEqualTo(Reuse.VALIDATE);
    assertThat(Reuse.judge(stored("max-age=600, immutable"), CacheControl.NONE, true, T + 5000))
        .isEqualTo(Reuse.VALIDATE);
  }

  @Test
  void staleIfError() {
    CacheControl none = CacheControl.NONE;
    assertThat(Reuse.staleIfError(stored("max-age=1, stale-if-error=60"), none, T + 30_000))
        .isTrue();
    assertThat(Reuse.staleIfError(stored("max-age=1, stale-if-error=60"), none, T + 90_000))
        .isFalse();
    assertThat(Reuse.staleIfError(stored("max-age=1"), CacheControl.parse("stale-if-error=60"),
        T + 30_000)).isTrue();
    assertThat(Reuse.staleIfError(stored("max-age=1"), none, T + 30_000)).isFalse();
    assertThat(Reuse.staleIfError(stored("max-age=1, must-revalidate, stale-if-error=60"), none,
        T + 30_000)).isFalse();
  }
}
