package org.minternet.p2p.metainfo;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One file of a torrent.
 *
 * @param path components below the torrent's directory; for a single-file torrent the one
 *     component is the torrent's name
 * @param length bytes
 * @param padding a padding file ({@code attr} contains {@code p}, BEP 47): zeros that align
 *     the next file to a piece boundary, never written to disk
 * @param piecesRoot v2 only: the root of the file's SHA-256 merkle tree (empty for an empty
 *     file or a v1 torrent)
 */
public record TorrentFile(List<String> path, long length, boolean padding, Optional<byte[]> piecesRoot) {
  public TorrentFile {
    path = List.copyOf(path);
    piecesRoot = piecesRoot.map(byte[]::clone);
    if (path.isEmpty()) throw new IllegalArgumentException("a file has a name");
    if (length < 0) throw new IllegalArgumentException("a file's length is not negative");
  }

  public TorrentFile(List<String> path, long length) {
    this(path, length, false, Optional.empty());
  }

  /** The path with {@code /} between components. */
  public String pathString() {
    return String.join("/", path);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TorrentFile f && f.path.equals(path) && f.length == length && f.padding == padding
        && f.piecesRoot.isPresent() == piecesRoot.isPresent()
        && (piecesRoot.isEmpty() || Arrays.equals(f.piecesRoot.get(), piecesRoot.get()));
  }

  @Override
  public int hashCode() {
    return path.hashCode() * 31 + Long.hashCode(length);
  }
}
