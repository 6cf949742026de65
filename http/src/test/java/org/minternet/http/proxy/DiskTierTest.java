package org.minternet.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.http.wire.Headers;

/** The disk tier: round trip, bad files, eviction. */
class DiskTierTest {
  private static StoredResponse response(String key, int size) {
    Map<String, String> vary = new HashMap<>();
    vary.put("accept-language", "fr");
    vary.put("accept-encoding", null);
    return new StoredResponse(key, 200, "OK", Headers.of("ETag", "\"e\"", "X-Latin", "caf\u00e9"),
        new byte[size], vary, 1, 2);
  }

  @Test
  void roundTripSurvivesReopening(@TempDir Path dir) throws IOException {
    StoredResponse r = response("http://a/x", 10);
    DiskTier d = new DiskTier(dir, 1 << 20);
    d.write(r.key(), List.of(r));
    d.close();
    DiskTier again = new DiskTier(dir, 1 << 20);
    List<StoredResponse> got = again.read("http://a/x");
    assertThat(got).hasSize(1);
    assertThat(got.get(0).headers()).isEqualTo(r.headers());
    assertThat(got.get(0).varyValues()).isEqualTo(r.varyValues());
    assertThat(got.get(0).body()).hasSize(10);
    assertThat(got.get(0).responseTime()).isEqualTo(2);
    assertThat(again.read("http://a/other")).isEmpty();
    again.close();
  }

  @Test
  void corruptFileIsAMissAndDeleted(@TempDir Path dir) throws IOException {
    String name = DiskTier.fileName("http://a/x");
    Files.write(dir.resolve(name), new byte[] {0x4d, 0x4e, 0x43, 0x31, 0, 0, 0, 1, 0, 9});
    DiskTier d = new DiskTier(dir, 1 << 20);
    assertThat(d.read("http://a/x")).isEmpty();
    assertThat(dir.resolve(name)).doesNotExist();
    d.close();
  }

  @Test
  void evictsBeyondItsBound(@TempDir Path dir) throws IOException {
    DiskTier d = new DiskTier(dir, 5000);
    for (int i = 0; i < 10; i++) {
      StoredResponse r = response("http://a/" + i, 1000);
      d.write(r.key(), List.of(r));
    }
    d.sync();
    assertThat(d.bytes()).isLessThanOrEqualTo(5000);
    try (var files = Files.list(dir)) {
      assertThat(files.count()).isBetween(1L, 5L);
    }
    d.close();
  }
}
