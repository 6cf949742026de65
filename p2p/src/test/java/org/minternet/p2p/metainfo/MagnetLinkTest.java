package org.minternet.p2p.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MagnetLinkTest {
  private static final String HEX = "7b1360c432700c440128397b4941ebb1a9180d61";
  /** The same 20 bytes in RFC 4648 base32 (as Python's base64.b32encode writes them). */
  private static final String BASE32 = "PMJWBRBSOAGEIAJIHF5USQPLWGURQDLB";
  private static final String V2 = "540b1f8d664147ec34a85eed2d75bd3438a90acb86108be496bbe92130ee1ae5";

  @Test
  void readsAHexInfoHashNameTrackersAndPeers() throws Exception {
    MagnetLink m = MagnetLink.parse("magnet:?xt=urn:btih:" + HEX.toUpperCase() + "&dn=Lecture+2%20video"
        + "&tr=http%3A%2F%2Ftracker.poly.edu%2Fannounce&tr=udp://tracker.poly.edu:6969&x.pe=127.7.0.2:6881&ws=http://w/");
    assertThat(m.v1().orElseThrow().hex()).isEqualTo(HEX);
    assertThat(m.v2()).isEmpty();
    assertThat(m.displayName()).contains("Lecture 2 video");
    assertThat(m.trackers()).containsExactly("http://tracker.poly.edu/announce", "udp://tracker.poly.edu:6969");
    assertThat(m.peers()).containsExactly("127.7.0.2:6881");
    assertThat(m.webSeeds()).containsExactly("http://w/");
  }

  @Test
  void readsABase32InfoHash() throws Exception {
    assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + BASE32).v1().orElseThrow().hex()).isEqualTo(HEX);
    assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + BASE32.toLowerCase()).v1().orElseThrow().hex()).isEqualTo(HEX);
  }

  @Test
  void readsAV2MultihashAndAHybridsTwoHashes() throws Exception {
    MagnetLink m = MagnetLink.parse("magnet:?xt=urn:btih:" + HEX + "&xt=urn:btmh:1220" + V2);
    assertThat(m.v1().orElseThrow().hex()).isEqualTo(HEX);
    assertThat(m.v2().orElseThrow().hex()).isEqualTo(V2);
    assertThat(MagnetLink.parse("magnet:?xt.1=urn:btmh:1220" + V2).v2()).isPresent();
  }

  @Test
  void writesWhatItReads() throws Exception {
    String link = "magnet:?xt=urn:btih:" + HEX + "&xt=urn:btmh:1220" + V2 + "&dn=a%20b%26c&tr=http%3A%2F%2Ft%2Fa%3Fk%3D1&x.pe=%5B%3A%3A1%5D%3A6881";
    MagnetLink m = MagnetLink.parse(link);
    assertThat(m.displayName()).contains("a b&c");
    assertThat(m.trackers()).containsExactly("http://t/a?k=1");
    assertThat(m.peers()).containsExactly("[::1]:6881");
    assertThat(m.toString()).isEqualTo(link);
    assertThat(MagnetLink.parse(m.toString())).isEqualTo(m);
  }

  @Test
  void rejectsLinksWithoutAUsableHash() {
    for (String bad : List.of("magnet:?dn=x", "magnet:?xt=urn:btih:abc", "magnet:?xt=urn:btih:" + "g".repeat(40),
        "magnet:?xt=urn:btih:" + "1".repeat(32), "magnet:?xt=urn:btmh:1114" + V2, "magnet:?xt=urn:btmh:1220abcd",
        "http://example.com/", "magnet:?xt=urn:btih:" + HEX + "&dn=%zz")) {
      assertThatThrownBy(() -> MagnetLink.parse(bad)).as(bad).isInstanceOf(MetainfoException.class);
    }
  }

  @Test
  void rejectsOversizedLinks() {
    assertThatThrownBy(() -> MagnetLink.parse("magnet:?xt=urn:btih:" + HEX + "&tr=" + "a".repeat(MagnetLink.MAX_LENGTH)))
        .isInstanceOf(MetainfoException.class).hasMessageContaining("longer than");
    assertThatThrownBy(() -> MagnetLink.parse("magnet:?xt=urn:btih:" + HEX + "&tr=a".repeat(300)))
        .isInstanceOf(MetainfoException.class).hasMessageContaining("parameters");
  }
}
