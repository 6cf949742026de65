package org.minternet.p2p.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PieceLengthTest {
  private static final long MIB = 1 << 20;

  @Test
  void followsMktorrentsTable() {
    assertThat(PieceLength.forSize(0)).isEqualTo(1 << 15);
    assertThat(PieceLength.forSize(50 * MIB)).isEqualTo(1 << 15);
    assertThat(PieceLength.forSize(50 * MIB + 1)).isEqualTo(1 << 16);
    assertThat(PieceLength.forSize(100 * MIB)).isEqualTo(1 << 16);
    assertThat(PieceLength.forSize(400 * MIB)).isEqualTo(1 << 18);
    assertThat(PieceLength.forSize(1600 * MIB)).isEqualTo(1 << 20);
    assertThat(PieceLength.forSize(12800 * MIB)).isEqualTo(1 << 23);
    assertThat(PieceLength.forSize(12800 * MIB + 1)).isEqualTo(1 << 24);
    assertThat(PieceLength.forSize(Long.MAX_VALUE)).isEqualTo(1 << 24);
  }
}
