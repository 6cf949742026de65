package org.minternet.p2p.metainfo;

import static org.minternet.p2p.metainfo.Fields.integer;
import static org.minternet.p2p.metainfo.Fields.optionalDictionary;
import static org.minternet.p2p.metainfo.Fields.optionalInteger;
import static org.minternet.p2p.metainfo.Fields.optionalList;
import static org.minternet.p2p.metainfo.Fields.optionalString;
import static org.minternet.p2p.metainfo.Fields.optionalText;
import static org.minternet.p2p.metainfo.Fields.pathComponent;
import static org.minternet.p2p.metainfo.Fields.string;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.minternet.p2p.bencode.BencodeDictionary;
import org.minternet.p2p.bencode.BencodeList;
import org.minternet.p2p.bencode.BencodeString;
import org.minternet.p2p.bencode.BencodeValue;

/**
 * The info dictionary of a torrent, read strictly: what the info hash covers. A v1 info (BEP 3)
 * has {@code pieces} and {@code length} or {@code files}; a v2 info (BEP 52) has
 * {@code meta version} 2 and a {@code file tree}; a hybrid has both, describing the same files.
 *
 * @param name the suggested name of the file or directory
 * @param pieceLength bytes per piece (the last piece may be shorter)
 * @param pieces v1: the SHA-1 hashes of the pieces, 20 bytes each, concatenated (empty for v2 only)
 * @param files v1 order (with padding files) when v1 is present, else the v2 file tree's order
 * @param singleFile a single-file torrent (v1 {@code length}, or a v2 tree of one file named {@code name})
 * @param privateTorrent BEP 27: peers only from the trackers, no DHT or peer exchange
 * @param source the {@code source} field some trackers require (it changes the info hash)
 * @param dictionary the dictionary as read, for the info hash and metadata exchange (BEP 9)
 */
public record Info(String name, long pieceLength, byte[] pieces, List<TorrentFile> files, boolean singleFile,
    boolean privateTorrent, Optional<String> source, boolean hasV1, boolean hasV2, BencodeDictionary dictionary) {

  /** BEP 52: v2 piece lengths are powers of two of at least one 16 KiB block. */
  public static final int BLOCK_SIZE = 16 * 1024;
  /** The largest piece length read (libtorrent and Transmission refuse larger ones too). */
  public static final long MAX_PIECE_LENGTH = 1L << 28;

  public Info {
    files = List.copyOf(files);
    pieces = pieces.clone();
  }

  @Override
  public byte[] pieces() {
    return pieces.clone();
  }

  /** Sum of the file lengths, padding files included (the byte count the v1 pieces cover). */
  public long totalLength() {
    long t = 0;
    for (TorrentFile f : files) t += f.length();
    return t;
  }

  /** Sum of the lengths of the real files, without padding. */
  public long contentLength() {
    long t = 0;
    for (TorrentFile f : files) if (!f.padding()) t += f.length();
    return t;
  }

  /** Number of pieces: of the v1 piece list, or for v2 only the pieces of every file, each file starting a piece. */
  public int pieceCount() {
    if (hasV1) return pieces.length / 20;
    long n = 0;
    for (TorrentFile f : files) n += Math.ceilDiv(f.length(), pieceLength);
    return Math.toIntExact(n);
  }

  public InfoHash infoHashV1() {
    return InfoHash.of(InfoHash.Version.V1, dictionary.digest(InfoHash.Version.V1.digest()));
  }

  public InfoHash infoHashV2() {
    return InfoHash.of(InfoHash.Version.V2, dictionary.digest(InfoHash.Version.V2.digest()));
  }

  /** Reads an info dictionary (from a .torrent file, or received from peers by BEP 9). */
  public static Info from(BencodeDictionary info) throws MetainfoException {
    String name = pathComponent(string(info, "name"), "name");
    long pieceLength = integer(info, "piece length");
    if (pieceLength < 1 || pieceLength > MAX_PIECE_LENGTH) throw new MetainfoException("'piece length' is out of range");
    boolean isPrivate = optionalInteger(info, "private").map(p -> p == 1).orElse(false);
    Optional<String> source = optionalText(info, "source");
    long metaVersion = optionalInteger(info, "meta version").orElse(1L);
    Optional<BencodeString> pieces = optionalString(info, "pieces");
    boolean v2 = metaVersion == 2;
    if (metaVersion != 1 && metaVersion != 2) throw new MetainfoException("'meta version' " + metaVersion + " is not known");
    boolean v1 = pieces.isPresent();
    if (!v1 && !v2) throw new MetainfoException("'pieces' is missing");

    List<TorrentFile> v2Files = List.of();
    boolean v2Single = false;
    if (v2) {
      if (Long.bitCount(pieceLength) != 1 || pieceLength < BLOCK_SIZE) {
        throw new MetainfoException("'piece length' of a v2 torrent is a power of two of at least 16 KiB");
      }
      BencodeDictionary tree = Fields.dictionary(info, "file tree");
      v2Files = new ArrayList<>();
      fileTree(tree, new ArrayList<>(), v2Files);
      if (v2Files.isEmpty()) throw new MetainfoException("'file tree' has no file");
      v2Single = v2Files.size() == 1 && v2Files.getFirst().path().equals(List.of(name));
    }

    List<TorrentFile> files;
    boolean single;
    if (v1) {
      Optional<Long> length = optionalInteger(info, "length");
      Optional<BencodeList> list = optionalList(info, "files");
      if (length.isPresent() == list.isPresent()) throw new MetainfoException("exactly one of 'length' and 'files'");
      single = length.isPresent();
      if (single) {
        if (length.get() < 0) throw new MetainfoException("'length' is negative");
        files = List.of(new TorrentFile(List.of(name), length.get()));
      } else {
        files = v1Files(list.get());
      }
      long total = 0;
      for (TorrentFile f : files) {
        try {
          total = Math.addExact(total, f.length());
        } catch (ArithmeticException e) {
          throw new MetainfoException("the files' lengths overflow");
        }
      }
      long expected = Math.ceilDiv(total, pieceLength);
      if (pieces.get().length() % 20 != 0 || pieces.get().length() / 20 != expected) {
        throw new MetainfoException("'pieces' does not hold one SHA-1 hash per piece");
      }
      if (v2) files = withRoots(files, v2Files, single);
    } else {
      files = v2Files;
      single = v2Single;
    }
    if (v2) {
      // each file starts a piece: count them, as the v2 piece count must fit an int (BEP 52 indexes pieces by int)
      long total = 0;
      long count = 0;
      for (TorrentFile f : v2Files) {
        try {
          total = Math.addExact(total, f.length());
        } catch (ArithmeticException e) {
          throw new MetainfoException("the files' lengths overflow");
        }
        count += Math.ceilDiv(f.length(), pieceLength);
        if (count > Integer.MAX_VALUE) throw new MetainfoException("more pieces than a torrent can have");
      }
    }
    return new Info(name, pieceLength, pieces.map(BencodeString::bytes).orElse(new byte[0]), files, single,
        isPrivate, source, v1, v2, info);
  }

  private static List<TorrentFile> v1Files(BencodeList list) throws MetainfoException {
    if (list.size() == 0) throw new MetainfoException("'files' is empty");
    List<TorrentFile> files = new ArrayList<>(list.size());
    for (BencodeValue v : list.values()) {
      if (!(v instanceof BencodeDictionary f)) throw new MetainfoException("'files' holds a value that is not a dictionary");
      long length = integer(f, "length");
      if (length < 0) throw new MetainfoException("'length' is negative");
      BencodeList path = optionalList(f, "path").orElseThrow(() -> new MetainfoException("'path' is missing"));
      if (path.size() == 0) throw new MetainfoException("'path' is empty");
      List<String> components = new ArrayList<>(path.size());
      for (BencodeValue c : path.values()) {
        if (!(c instanceof BencodeString s)) throw new MetainfoException("'path' holds a value that is not a string");
        components.add(pathComponent(s, "path"));
      }
      boolean padding = optionalString(f, "attr").map(a -> a.text().indexOf('p') >= 0).orElse(false);
      files.add(new TorrentFile(components, length, padding, Optional.empty()));
    }
    return files;
  }

  /** BEP 52 file tree: a directory maps names to nodes; a file is a node whose only key is the empty string. */
  private static void fileTree(BencodeDictionary node, List<String> path, List<TorrentFile> out) throws MetainfoException {
    for (Map.Entry<BencodeString, BencodeValue> e : node.entries().entrySet()) {
      if (!(e.getValue() instanceof BencodeDictionary child)) throw new MetainfoException("'file tree' holds a value that is not a dictionary");
      if (e.getKey().length() == 0) {
        if (path.isEmpty() || node.size() != 1) throw new MetainfoException("'file tree' has a file without a name");
        long length = integer(child, "length");
        if (length < 0) throw new MetainfoException("'length' is negative");
        Optional<BencodeString> root = optionalString(child, "pieces root");
        if (length > 0 && (root.isEmpty() || root.get().length() != 32)) {
          throw new MetainfoException("'pieces root' is not a SHA-256 hash");
        }
        out.add(new TorrentFile(path, length, false, length > 0 ? root.map(BencodeString::bytes) : Optional.empty()));
      } else {
        path.add(pathComponent(e.getKey(), "file tree"));
        fileTree(child, path, out);
        path.removeLast();
      }
    }
  }

  /** A hybrid's v1 file list, checked against the v2 tree and given its merkle roots. */
  private static List<TorrentFile> withRoots(List<TorrentFile> v1, List<TorrentFile> v2, boolean single)
      throws MetainfoException {
    List<TorrentFile> out = new ArrayList<>(v1.size());
    int j = 0;
    for (TorrentFile f : v1) {
      if (f.padding()) {
        out.add(f);
        continue;
      }
      if (j >= v2.size()) throw new MetainfoException("the v1 and v2 file lists of a hybrid torrent differ");
      TorrentFile g = v2.get(j++);
      if (g.length() != f.length() || !(single || g.path().equals(f.path()))) {
        throw new MetainfoException("the v1 and v2 file lists of a hybrid torrent differ");
      }
      out.add(new TorrentFile(f.path(), f.length(), false, g.piecesRoot()));
    }
    if (j != v2.size()) throw new MetainfoException("the v1 and v2 file lists of a hybrid torrent differ");
    return out;
  }

  /** {@link #from} for a dictionary that must not be missing. */
  static Info required(BencodeDictionary metainfo) throws MetainfoException {
    return from(optionalDictionary(metainfo, "info").orElseThrow(() -> new MetainfoException("'info' is missing")));
  }
}
