package org.minternet.p2p.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentCreatorTest {
  @TempDir Path tmp;

  private static byte[] sha1(byte[]... parts) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-1");
    for (byte[] p : parts) d.update(p);
    return d.digest();
  }

  private static byte[] sha256(byte[]... parts) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    for (byte[] p : parts) d.update(p);
    return d.digest();
  }

  @Test
  void v1PiecesRunAcrossFileBoundaries() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("d"));
    byte[] a = new byte[20_000];
    byte[] b = new byte[20_000];
    Arrays.fill(a, (byte) 'a');
    Arrays.fill(b, (byte) 'b');
    Files.write(dir.resolve("a"), a);
    Files.write(dir.resolve("b"), b);
    List<Long> progress = new ArrayList<>();
    Metainfo m = TorrentCreator.builder(dir).pieceLength(16384).creationDate(null).createdBy(null)
        .progress((done, total) -> progress.add(done)).build().create();
    byte[] all = new byte[40_000];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    byte[] pieces = m.info().pieces();
    assertThat(pieces).hasSize(3 * 20);
    assertThat(Arrays.copyOfRange(pieces, 0, 20)).isEqualTo(sha1(Arrays.copyOfRange(all, 0, 16384)));
    assertThat(Arrays.copyOfRange(pieces, 20, 40)).isEqualTo(sha1(Arrays.copyOfRange(all, 16384, 32768)));
    assertThat(Arrays.copyOfRange(pieces, 40, 60)).isEqualTo(sha1(Arrays.copyOfRange(all, 32768, 40_000)));
    assertThat(m.createdBy()).isEmpty();
    assertThat(m.creationDate()).isEmpty();
    assertThat(progress).last().isEqualTo(40_000L);
  }

  @Test
  void theV2RootOfAFileIsItsMerkleTreeOfBlocksPaddedWithZeroHashes() throws Exception {
    byte[] data = new byte[3 * 16384 + 100];
    for (int i = 0; i < data.length; i++) data[i] = (byte) i;
    Path f = Files.write(tmp.resolve("f"), data);
    Metainfo m = TorrentCreator.builder(f).pieceLength(32768).version(TorrentVersion.V2).build().create();
    byte[][] leaves = new byte[4][];
    for (int i = 0; i < 4; i++) leaves[i] = sha256(Arrays.copyOfRange(data, i * 16384, Math.min(data.length, (i + 1) * 16384)));
    byte[] zero = new byte[32];
    byte[] left = sha256(leaves[0], leaves[1]);
    byte[] right = sha256(leaves[2], leaves[3]);
    TorrentFile file = m.info().files().getFirst();
    assertThat(file.piecesRoot().orElseThrow()).isEqualTo(sha256(left, right));
    byte[] layer = m.pieceLayers().values().iterator().next();
    assertThat(layer).isEqualTo(concat(left, right));
    assertThat(m.info().hasV1()).isFalse();

    // a file of one block and a bit: two leaves, no piece layer (it fits in one piece)
    Path g = Files.write(tmp.resolve("g"), Arrays.copyOf(data, 16385));
    Metainfo n = TorrentCreator.builder(g).pieceLength(32768).version(TorrentVersion.V2).build().create();
    assertThat(n.info().files().getFirst().piecesRoot().orElseThrow())
        .isEqualTo(sha256(sha256(Arrays.copyOf(data, 16384)), sha256(Arrays.copyOfRange(data, 16384, 16385))));
    assertThat(n.pieceLayers()).isEmpty();
    assertThat(zero).hasSize(32);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void aHybridAlignsEachFileToAPieceWithPaddingFiles() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("h"));
    Files.write(dir.resolve("a"), new byte[100]);
    Files.write(dir.resolve("b"), new byte[16384]);
    Files.write(dir.resolve("c"), new byte[1]);
    Metainfo m = TorrentCreator.builder(dir).pieceLength(16384).version(TorrentVersion.HYBRID).build().create();
    assertThat(m.info().files()).extracting(TorrentFile::pathString)
        .containsExactly("a", ".pad/16284", "b", "c", ".pad/16383");
    assertThat(m.info().pieceCount()).isEqualTo(3);
    assertThat(m.infoHashes()).hasSize(2);
  }

  @Test
  void trackersGoToAnnounceAndOneTierEachInAnnounceList() throws Exception {
    Path f = Files.writeString(tmp.resolve("x"), "x");
    Metainfo one = TorrentCreator.builder(f).tracker("http://a/").build().create();
    assertThat(one.announce()).contains("http://a/");
    assertThat(one.announceList()).isEmpty();
    Metainfo two = TorrentCreator.builder(f).tracker("http://a/").tracker("udp://b:1").build().create();
    assertThat(two.announceList()).containsExactly(List.of("http://a/"), List.of("udp://b:1"));
  }
}
