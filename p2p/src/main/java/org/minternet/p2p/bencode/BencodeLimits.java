package org.minternet.p2p.bencode;

/**
 * Every limit of {@link BencodeReader} in one place.
 *
 * @param maxTotalSize bytes of input accepted at all
 * @param maxDepth nesting of lists and dictionaries (the top-level value is depth 1)
 * @param maxStringLength bytes of one byte string
 * @param maxElements values in the whole input (list items, dictionary keys and values)
 */
public record BencodeLimits(int maxTotalSize, int maxDepth, int maxStringLength, int maxElements) {
  /** Default depth: a v2 file tree nests one dictionary per directory level. */
  public static final int DEFAULT_MAX_DEPTH = 64;

  /**
   * For .torrent files: 64 MiB covers the pieces of very large torrents (a 1 TiB torrent of
   * 4 MiB pieces has 5 MiB of SHA-1 hashes).
   */
  public static final BencodeLimits METAINFO =
      new BencodeLimits(64 << 20, DEFAULT_MAX_DEPTH, 64 << 20, 4_000_000);

  /** For messages from peers and trackers (a tracker reply, a DHT message, an extension message). */
  public static final BencodeLimits MESSAGE = new BencodeLimits(1 << 20, 32, 1 << 20, 100_000);

  public BencodeLimits {
    if (maxTotalSize < 1 || maxDepth < 1 || maxStringLength < 0 || maxElements < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
