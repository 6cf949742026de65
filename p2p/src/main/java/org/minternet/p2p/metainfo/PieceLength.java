package org.minternet.p2p.metainfo;

/**
 * The piece length chosen for a new torrent when none is given, by mktorrent's rule (its
 * {@code init.c} since version 1.1's successor; Debian's 1.1 still defaults to a fixed 2^18):
 *
 * <table>
 *   <caption>total size of the content → piece length</caption>
 *   <tr><td>≤ 50 MiB</td><td>2^15 = 32 KiB</td></tr>
 *   <tr><td>≤ 100 MiB</td><td>2^16 = 64 KiB</td></tr>
 *   <tr><td>≤ 200 MiB</td><td>2^17 = 128 KiB</td></tr>
 *   <tr><td>≤ 400 MiB</td><td>2^18 = 256 KiB</td></tr>
 *   <tr><td>≤ 800 MiB</td><td>2^19 = 512 KiB</td></tr>
 *   <tr><td>≤ 1600 MiB</td><td>2^20 = 1 MiB</td></tr>
 *   <tr><td>≤ 3200 MiB</td><td>2^21 = 2 MiB</td></tr>
 *   <tr><td>≤ 6400 MiB</td><td>2^22 = 4 MiB</td></tr>
 *   <tr><td>≤ 12800 MiB</td><td>2^23 = 8 MiB</td></tr>
 *   <tr><td>larger</td><td>2^24 = 16 MiB</td></tr>
 * </table>
 *
 * That is: double the piece length each time the size doubles past 50 MiB, so that a torrent
 * has between about 1600 and 3200 pieces (a .torrent of 32 to 64 KB of hashes), never pieces
 * below 32 KiB. Every result is a power of two of at least 16 KiB, as BEP 52 requires of v2.
 */
public final class PieceLength {
  private static final long MIB = 1L << 20;
  private static final int SMALLEST_EXPONENT = 15;
  private static final int LARGEST_EXPONENT = 24;
  private static final long FIRST_LIMIT = 50 * MIB;

  private PieceLength() {}

  /** mktorrent's piece length for content of {@code totalSize} bytes. */
  public static long forSize(long totalSize) {
    long limit = FIRST_LIMIT;
    for (int exponent = SMALLEST_EXPONENT; exponent < LARGEST_EXPONENT; exponent++, limit *= 2) {
      if (totalSize <= limit) return 1L << exponent;
    }
    return 1L << LARGEST_EXPONENT;
  }
}
