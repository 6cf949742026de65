package org.minternet.p2p.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: torrents with random bytes changed, inserted or cut, read a few thousand times.
 * Each is read or refused with a {@link MetainfoException}; nothing else may escape (no
 * IllegalArgumentException, ArithmeticException, ClassCastException, stack overflow).
 */
class MetainfoMutationTest {
  private static final byte[] INTERESTING = "0123456789:ield-e".getBytes();

  private static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    int edits = 1 + r.nextInt(4);
    for (int i = 0; i < edits; i++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(4)) {
        case 0 -> b[at] = (byte) r.nextInt(256);
        case 1 -> b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
        case 2 -> b = Arrays.copyOf(b, at);
        default -> {
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = INTERESTING[r.nextInt(INTERESTING.length)];
          System.arraycopy(b, at, c, at + 1, b.length - at);
          b = c;
        }
      }
      if (b.length == 0) break;
    }
    return b;
  }

  @Test
  void mutatedTorrentsAreReadOrRefusedNeverCrash() throws Exception {
    int refused = 0;
    for (String name : new String[] {"mk-hello.torrent", "lt-hello-hybrid.torrent"}) {
      byte[] original = MetainfoTest.resource(name);
      Random r = new Random(name.hashCode());
      for (int i = 0; i < 3000; i++) {
        byte[] b = mutate(original, r);
        try {
          Metainfo m = Metainfo.read(b);
          // what is read is usable: these must not throw either
          m.info().pieceCount();
          m.info().totalLength();
          m.infoHashes();
          m.magnetLink().toString();
        } catch (MetainfoException e) {
          refused++;
          assertThat(e.getMessage()).isNotBlank();
        }
      }
    }
    assertThat(refused).isGreaterThan(1000);
  }
}
