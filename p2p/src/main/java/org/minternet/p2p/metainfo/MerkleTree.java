package org.minternet.p2p.metainfo;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The SHA-256 merkle tree of one file (BEP 52): leaves are the hashes of its 16 KiB blocks (the
 * last one may be shorter), the leaf count is padded to a power of two with zero hashes, and
 * each node is the hash of its two children. The pieces root depends only on the content.
 */
final class MerkleTree {
  static final int HASH = 32;

  private final MessageDigest sha256 = InfoHash.Version.V2.digest();
  private final List<byte[]> leaves = new ArrayList<>();
  private int inBlock;

  /** Feeds the file's next bytes. */
  void update(byte[] b, int off, int len) {
    while (len > 0) {
      int take = Math.min(len, Info.BLOCK_SIZE - inBlock);
      sha256.update(b, off, take);
      inBlock += take;
      off += take;
      len -= take;
      if (inBlock == Info.BLOCK_SIZE) {
        leaves.add(sha256.digest());
        inBlock = 0;
      }
    }
  }

  /** The root and the piece layer after the last byte. */
  Result finish(long pieceLength) {
    if (inBlock > 0) leaves.add(sha256.digest());
    inBlock = 0;
    int blocksPerPiece = (int) (pieceLength / Info.BLOCK_SIZE);
    int width = 1;
    while (width < leaves.size()) width <<= 1;
    List<byte[]> layer = new ArrayList<>(leaves);
    while (layer.size() < width) layer.add(new byte[HASH]);
    byte[] pieceLayer = null;
    int nodesPerNode = 1;
    boolean needLayer = leaves.size() > blocksPerPiece;
    while (true) {
      if (needLayer && nodesPerNode == blocksPerPiece) pieceLayer = layerOf(layer, leaves.size(), blocksPerPiece);
      if (layer.size() == 1) break;
      List<byte[]> up = new ArrayList<>(layer.size() / 2);
      for (int i = 0; i < layer.size(); i += 2) {
        sha256.update(layer.get(i));
        sha256.update(layer.get(i + 1));
        up.add(sha256.digest());
      }
      layer = up;
      nodesPerNode <<= 1;
    }
    return new Result(layer.getFirst(), pieceLayer);
  }

  /** The nodes of the piece layer that cover the file (not the padding beyond its last piece). */
  private static byte[] layerOf(List<byte[]> layer, int leafCount, int blocksPerPiece) {
    int pieces = (leafCount + blocksPerPiece - 1) / blocksPerPiece;
    byte[] out = new byte[pieces * HASH];
    for (int i = 0; i < pieces; i++) System.arraycopy(layer.get(i), 0, out, i * HASH, HASH);
    return out;
  }

  /** @param pieceLayer null when the file fits in one piece (BEP 52 stores no layer for it) */
  record Result(byte[] root, byte[] pieceLayer) {}
}
