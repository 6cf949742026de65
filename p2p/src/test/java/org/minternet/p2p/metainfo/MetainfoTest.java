package org.minternet.p2p.metainfo;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minternet.p2p.bencode.BencodeLimits;
import org.minternet.p2p.bencode.BencodeReader;
import org.junit.jupiter.api.io.TempDir;

class MetainfoTest {
  @TempDir Path tmp;

  static byte[] resource(String name) throws IOException {
    try (InputStream in = MetainfoTest.class.getResourceAsStream("/torrents/" + name)) {
      return in.readAllBytes();
    }
  }

  /** The content both fixtures were made of: hello/greeting.txt and hello/docs/data.bin. */
  Path hello() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("hello/docs"));
    byte[] data = new byte[40_000];
    for (int i = 0; i < data.length; i++) data[i] = (byte) ((i * 7) % 251);
    Files.write(dir.resolve("data.bin"), data);
    Files.writeString(tmp.resolve("hello/greeting.txt"), "hello, world\n");
    return tmp.resolve("hello");
  }

  private static byte[] b(String latin1) {
    return latin1.getBytes(ISO_8859_1);
  }

  private static String twentyBytes(int n) {
    return "x".repeat(20 * n);
  }

  @Test
  void readsATorrentMadeByMktorrent() throws Exception {
    // mktorrent 1.1: -d -l 15 -p -a http://tracker.poly.edu/announce -w http://gaia.cs.umass.edu/hello/ hello
    Metainfo m = Metainfo.read(resource("mk-hello.torrent"));
    assertThat(m.infoHashV1().hex()).isEqualTo("7b1360c432700c440128397b4941ebb1a9180d61"); // as transmission-show says
    Info info = m.info();
    assertThat(info.name()).isEqualTo("hello");
    assertThat(info.pieceLength()).isEqualTo(32768);
    assertThat(info.pieceCount()).isEqualTo(2);
    assertThat(info.privateTorrent()).isTrue();
    assertThat(info.singleFile()).isFalse();
    assertThat(info.hasV1()).isTrue();
    assertThat(info.hasV2()).isFalse();
    assertThat(info.files()).containsExactly(new TorrentFile(List.of("docs", "data.bin"), 40_000),
        new TorrentFile(List.of("greeting.txt"), 13));
    assertThat(m.announce()).contains("http://tracker.poly.edu/announce");
    assertThat(m.webSeeds()).containsExactly("http://gaia.cs.umass.edu/hello/");
    assertThat(m.createdBy()).contains("mktorrent 1.1");
    assertThat(m.creationDate()).isEmpty();
    assertThat(m.encoded()).isEqualTo(resource("mk-hello.torrent"));
  }

  @Test
  void weMakeMktorrentsTorrentOfTheSameContent() throws Exception {
    Metainfo ours = TorrentCreator.builder(hello()).pieceLength(32768).privateTorrent(true)
        .tracker("http://tracker.poly.edu/announce").webSeed("http://gaia.cs.umass.edu/hello/").build().create();
    assertThat(ours.infoHashV1().hex()).isEqualTo("7b1360c432700c440128397b4941ebb1a9180d61");
  }

  @Test
  void readsAHybridTorrentMadeByLibtorrent() throws Exception {
    // libtorrent 2.0.8 create_torrent(fs, 16384) of the same directory: hashes as libtorrent reports them
    Metainfo m = Metainfo.read(resource("lt-hello-hybrid.torrent"));
    assertThat(m.infoHashV1().hex()).isEqualTo("80f79cd23b6babe2143cf6b65c680a2da35ce7db");
    assertThat(m.infoHashV2().hex()).isEqualTo("540b1f8d664147ec34a85eed2d75bd3438a90acb86108be496bbe92130ee1ae5");
    Info info = m.info();
    assertThat(info.hasV1()).isTrue();
    assertThat(info.hasV2()).isTrue();
    assertThat(info.pieceCount()).isEqualTo(4);
    assertThat(info.files()).extracting(TorrentFile::pathString, TorrentFile::length, TorrentFile::padding)
        .containsExactly(tuple("docs/data.bin", 40_000L, false),
            tuple(".pad/9152", 9152L, true),
            tuple("greeting.txt", 13L, false),
            tuple(".pad/16371", 16371L, true));
    assertThat(info.files().get(0).piecesRoot()).isPresent();
    assertThat(info.contentLength()).isEqualTo(40_013);
    assertThat(m.pieceLayers()).hasSize(1);
    assertThat(m.pieceLayers().values().iterator().next()).hasSize(3 * 32);
  }

  @Test
  void weMakeLibtorrentsHybridOfTheSameContent() throws Exception {
    Metainfo ours = TorrentCreator.builder(hello()).pieceLength(16384).version(TorrentVersion.HYBRID)
        .tracker("http://tracker.poly.edu/announce").build().create();
    Metainfo theirs = Metainfo.read(resource("lt-hello-hybrid.torrent"));
    assertThat(ours.infoHashes()).isEqualTo(theirs.infoHashes());
    assertThat(ours.info().files()).isEqualTo(theirs.info().files());
    assertThat(ours.pieceLayers().keySet()).isEqualTo(theirs.pieceLayers().keySet());
  }

  @Test
  void theInfoHashIsOverTheBytesReadNotARecoding() throws Exception {
    String info = "d6:lengthi3e4:name1:a12:piece lengthi16384e6:pieces20:" + twentyBytes(1) + "e";
    Metainfo m = Metainfo.read(b("d8:announce3:url4:info" + info + "e"));
    assertThat(m.infoHashV1().bytes()).isEqualTo(MessageDigest.getInstance("SHA-1").digest(b(info)));
    assertThat(m.info().singleFile()).isTrue();
    assertThat(m.trackerTiers()).containsExactly(List.of("url"));
  }

  @Test
  void announceListTiersComeBeforeAnnounce() throws Exception {
    String info = "d6:lengthi3e4:name1:a12:piece lengthi16384e6:pieces20:" + twentyBytes(1) + "e";
    Metainfo m = Metainfo.read(b("d8:announce1:a13:announce-listll1:bel1:c1:dee4:info" + info + "8:url-list2:wse"));
    assertThat(m.trackerTiers()).containsExactly(List.of("b"), List.of("c", "d"));
    assertThat(m.webSeeds()).containsExactly("ws");
  }

  private static void rejects(String torrent, String message) {
    assertThatThrownBy(() -> Metainfo.read(b(torrent))).isInstanceOf(MetainfoException.class).hasMessageContaining(message);
  }

  @Test
  void rejectsHostileAndInconsistentTorrents() {
    String p1 = "6:pieces20:" + twentyBytes(1);
    rejects("d4:infod6:lengthi3e4:name2:..12:piece lengthi16384e" + p1 + "ee", "not a safe file name");
    rejects("d4:infod5:filesld6:lengthi3e4:pathl2:..6:passwdeee4:name1:a12:piece lengthi16384e" + p1 + "ee",
        "not a safe file name");
    rejects("d4:infod5:filesld6:lengthi3e4:pathl3:a/beee4:name1:a12:piece lengthi16384e" + p1 + "ee",
        "not a safe file name");
    rejects("d4:infod5:filesld6:lengthi3e4:pathleee4:name1:a12:piece lengthi16384e" + p1 + "ee", "'path' is empty");
    rejects("d4:infod6:lengthi3e4:name1:a12:piece lengthi16384e6:pieces19:" + "x".repeat(19) + "ee", "one SHA-1 hash per piece");
    rejects("d4:infod6:lengthi99999e4:name1:a12:piece lengthi16384e" + p1 + "ee", "one SHA-1 hash per piece");
    rejects("d4:infod6:lengthi-1e4:name1:a12:piece lengthi16384e" + p1 + "ee", "negative");
    rejects("d4:infod6:lengthi3e4:name1:a12:piece lengthi0e" + p1 + "ee", "'piece length' is out of range");
    rejects("d4:infod6:lengthi3e12:piece lengthi16384e" + p1 + "ee", "'name' is missing");
    rejects("d4:infod6:lengthi3e4:namei1e12:piece lengthi16384e" + p1 + "ee", "'name' is not a byte string");
    rejects("d4:infod4:name1:a12:piece lengthi16384e" + p1 + "ee", "exactly one of 'length' and 'files'");
    rejects("d4:infoi1ee", "'info' is not a dictionary");
    rejects("d8:announce1:ae", "'info' is missing");
    // the lengths of two files overflow a long: not a negative total
    rejects("d4:infod5:filesld6:lengthi9223372036854775807e4:pathl1:aeed6:lengthi9223372036854775807e4:pathl1:beee"
        + "4:name1:a12:piece lengthi16384e" + p1 + "ee", "overflow");
  }

  @Test
  void rejectsNonCanonicalBencodingInTheInfoDictionary() {
    // keys out of order would give a different hash after a round trip: refused, not reordered
    rejects("d4:infod4:name1:a6:lengthi3e12:piece lengthi16384e6:pieces20:" + twentyBytes(1) + "ee", "unsorted keys");
    rejects("d4:infod6:lengthi03e4:name1:a12:piece lengthi16384e6:pieces20:" + twentyBytes(1) + "ee", "leading zero");
    rejects("d4:infod6:lengthi3e4:name1:a12:piece lengthi16384e6:pieces20:" + twentyBytes(1) + "ee" + "x", "trailing data");
  }

  @Test
  void rejectsAV2TorrentWithoutItsPieceLayers() throws Exception {
    String root = "x".repeat(32);
    String info = "d9:file treed1:ad0:d6:lengthi40000e11:pieces root32:" + root + "eee"
        + "12:meta versioni2e4:name1:a12:piece lengthi16384ee";
    rejects("d4:info" + info + "e", "'piece layers' lacks the layer");
    rejects("d4:info" + info + "12:piece layersd32:" + root + "32:" + root + "ee", "'piece layers' lacks the layer");
    Metainfo ok = Metainfo.read(b("d4:info" + info + "12:piece layersd32:" + root + "96:" + "y".repeat(96) + "ee"));
    assertThat(ok.info().hasV1()).isFalse();
    assertThat(ok.info().pieceCount()).isEqualTo(3);
    assertThat(ok.info().singleFile()).isTrue();
  }

  @Test
  void aV2InfoReceivedFromPeersCannotOverflowItsPieceCount() throws Exception {
    String root = "x".repeat(32);
    String twoLarge = "d9:file treed1:ad0:d6:lengthi9223372036854775807e11:pieces root32:" + root + "ee"
        + "1:bd0:d6:lengthi9223372036854775807e11:pieces root32:" + root + "eee"
        + "12:meta versioni2e4:name1:a12:piece lengthi268435456ee";
    assertThatThrownBy(() -> Info.from(BencodeReader.decodeDictionary(b(twoLarge), BencodeLimits.MESSAGE)))
        .isInstanceOf(MetainfoException.class).hasMessageContaining("more pieces");
    String many = "d9:file treed1:ad0:d6:lengthi4611686018427387904e11:pieces root32:" + root + "eee"
        + "12:meta versioni2e4:name1:a12:piece lengthi16384ee";
    assertThatThrownBy(() -> Info.from(BencodeReader.decodeDictionary(b(many), BencodeLimits.MESSAGE)))
        .isInstanceOf(MetainfoException.class).hasMessageContaining("more pieces");
    // Long.MAX_VALUE bytes: rounding up to whole pieces must not overflow into a negative count
    String largest = "d9:file treed1:ad0:d6:lengthi9223372036854775807e11:pieces root32:" + root + "eee"
        + "12:meta versioni2e4:name1:a12:piece lengthi16384ee";
    assertThatThrownBy(() -> Info.from(BencodeReader.decodeDictionary(b(largest), BencodeLimits.MESSAGE)))
        .isInstanceOf(MetainfoException.class).hasMessageContaining("more pieces");
  }

  @Test
  void rejectsAV2PieceLengthThatIsNotAPowerOfTwoOfBlocks() {
    rejects("d4:infod9:file treed1:ad0:d6:lengthi0eeee12:meta versioni2e4:name1:a12:piece lengthi20000eee",
        "power of two");
    rejects("d4:infod9:file treed1:ad0:d6:lengthi0eeee12:meta versioni3e4:name1:a12:piece lengthi16384eee",
        "'meta version' 3");
  }

  @Test
  void aMagnetLinkOfATorrentCarriesItsHashesNameAndTrackers() throws Exception {
    Metainfo m = Metainfo.read(resource("lt-hello-hybrid.torrent"));
    assertThat(m.magnetLink().toString()).isEqualTo("magnet:?xt=urn:btih:80f79cd23b6babe2143cf6b65c680a2da35ce7db"
        + "&xt=urn:btmh:1220540b1f8d664147ec34a85eed2d75bd3438a90acb86108be496bbe92130ee1ae5"
        + "&dn=hello&tr=http%3A%2F%2Ftracker.poly.edu%2Fannounce");
  }
}
