package org.minternet.p2p.metainfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.minternet.p2p.bencode.BencodeDictionary;
import org.minternet.p2p.bencode.BencodeList;
import org.minternet.p2p.bencode.BencodeString;
import org.minternet.p2p.bencode.BencodeValue;
import org.minternet.p2p.bencode.BencodeWriter;

/**
 * Makes a torrent of a file or a directory, like mktorrent (v1) or libtorrent (v2, hybrid).
 *
 * <ol>
 *   <li>The content: a regular file is a single-file torrent; a directory contributes its
 *       regular files at any depth, in the order of their relative paths' bytes (v1, as
 *       mktorrent sorts) or of the BEP 52 file tree (v2 and hybrid, component by component).
 *   <li>The piece length: the one given, else {@link PieceLength#forSize}.
 *   <li>Each file is read once, in chunks of {@link #CHUNK} bytes, into the SHA-1 of the current
 *       v1 piece and the SHA-256 of the current 16 KiB v2 block: memory is one chunk plus the
 *       hashes themselves (20 bytes per piece, 32 per block), whatever the size of the content.
 *   <li>Hybrid with several files: after every file whose end is not on a piece boundary (the
 *       last one too, as libtorrent does), a padding file ({@code .pad/N}, {@code attr p},
 *       BEP 47) of zeros, so that v1 pieces and v2 files line up (BEP 52).
 *   <li>The result is encoded canonically and read back with {@link Metainfo#read}, so that
 *       what is created passes the same checks as what is received.
 * </ol>
 */
public final class TorrentCreator {
  /** Bytes read from disk at a time. */
  static final int CHUNK = 1 << 20;

  /** Told how far hashing has come (for a progress bar). */
  @FunctionalInterface
  public interface Progress {
    void hashed(long bytesDone, long bytesTotal);
  }

  private final Path content;
  private final Optional<String> name;
  private final List<List<String>> trackerTiers;
  private final List<String> webSeeds;
  private final long pieceLength;
  private final boolean privateTorrent;
  private final TorrentVersion version;
  private final Optional<String> createdBy;
  private final Optional<Instant> creationDate;
  private final Optional<String> comment;
  private final Optional<String> source;
  private final Progress progress;

  private TorrentCreator(Builder b) {
    content = b.content;
    name = b.name;
    trackerTiers = List.copyOf(b.trackerTiers);
    webSeeds = List.copyOf(b.webSeeds);
    pieceLength = b.pieceLength;
    privateTorrent = b.privateTorrent;
    version = b.version;
    createdBy = b.createdBy;
    creationDate = b.creationDate;
    comment = b.comment;
    source = b.source;
    progress = b.progress;
  }

  public static Builder builder(Path content) {
    return new Builder(content);
  }

  /** A file of the content: where it is and its path in the torrent. */
  private record Source(Path file, List<String> path, long length) {}

  /** Hashes the content and returns the torrent. */
  public Metainfo create() throws IOException {
    if (!Files.exists(content)) throw new IOException(content + " does not exist");
    String torrentName = name.orElse(content.toAbsolutePath().normalize().getFileName().toString());
    boolean single = Files.isRegularFile(content);
    List<Source> sources = single ? List.of(new Source(content, List.of(torrentName), Files.size(content))) : walk();
    if (sources.isEmpty()) throw new IOException(content + " holds no regular file");
    long total = 0;
    for (Source s : sources) total += s.length;
    long pl = pieceLength > 0 ? pieceLength : PieceLength.forSize(total);
    if (version != TorrentVersion.V1 && (Long.bitCount(pl) != 1 || pl < Info.BLOCK_SIZE)) {
      throw new IllegalArgumentException("a v2 piece length is a power of two of at least 16 KiB");
    }
    if (pl > Info.MAX_PIECE_LENGTH) throw new IllegalArgumentException("piece length above " + Info.MAX_PIECE_LENGTH);

    boolean v1 = version != TorrentVersion.V2;
    boolean v2 = version != TorrentVersion.V1;
    PieceHasher pieces = new PieceHasher(pl);
    List<BencodeValue> v1Files = new ArrayList<>();
    BencodeDictionary.Builder layers = BencodeDictionary.builder();
    FileTree tree = new FileTree();
    byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(1, total))];
    long done = 0;
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      MerkleTree merkle = v2 ? new MerkleTree() : null;
      long read = 0;
      try (InputStream in = Files.newInputStream(s.file)) {
        int n;
        while (read < s.length && (n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, s.length - read))) > 0) {
          if (v1) pieces.update(buffer, 0, n);
          if (v2) merkle.update(buffer, 0, n);
          read += n;
          done += n;
          if (progress != null) progress.hashed(done, total);
        }
      }
      if (read != s.length) throw new IOException(s.file + " changed while it was hashed");
      if (v1) v1Files.add(v1File(s.path, s.length, false));
      if (v2) {
        BencodeDictionary.Builder node = BencodeDictionary.builder().put("length", s.length);
        if (s.length > 0) {
          MerkleTree.Result r = merkle.finish(pl);
          node.put("pieces root", r.root());
          if (r.pieceLayer() != null) layers.put(BencodeString.of(r.root()), BencodeValue.of(r.pieceLayer()));
        }
        tree.add(s.path, node.build());
      }
      if (version == TorrentVersion.HYBRID && !single && pieces.inPiece() > 0) {
        long pad = pl - pieces.inPiece();
        pieces.zeros(pad);
        v1Files.add(v1File(List.of(".pad", Long.toString(pad)), pad, true));
      }
    }

    BencodeDictionary.Builder info = BencodeDictionary.builder().put("name", torrentName).put("piece length", pl);
    if (v1) {
      info.put("pieces", pieces.finish());
      if (single) info.put("length", sources.getFirst().length);
      else info.put("files", new BencodeList(v1Files));
    }
    if (v2) info.put("meta version", 2).put("file tree", tree.build());
    if (privateTorrent) info.put("private", 1);
    source.ifPresent(s -> info.put("source", s));

    BencodeDictionary.Builder root = BencodeDictionary.builder().put("info", info.build());
    if (!trackerTiers.isEmpty()) {
      root.put("announce", trackerTiers.getFirst().getFirst());
      if (trackerTiers.size() > 1 || trackerTiers.getFirst().size() > 1) {
        List<BencodeValue> tiers = new ArrayList<>();
        for (List<String> tier : trackerTiers) tiers.add(new BencodeList(tier.stream().<BencodeValue>map(BencodeValue::of).toList()));
        root.put("announce-list", new BencodeList(tiers));
      }
    }
    if (!webSeeds.isEmpty()) root.put("url-list", new BencodeList(webSeeds.stream().<BencodeValue>map(BencodeValue::of).toList()));
    comment.ifPresent(c -> root.put("comment", c));
    createdBy.ifPresent(c -> root.put("created by", c));
    creationDate.ifPresent(d -> root.put("creation date", d.getEpochSecond()));
    if (v2 && layers.build().size() > 0) root.put("piece layers", layers.build());
    try {
      return Metainfo.read(BencodeWriter.encode(root.build()));
    } catch (MetainfoException e) {
      throw new IllegalStateException("created a torrent that does not read back: " + e.getMessage(), e);
    }
  }

  private static BencodeDictionary v1File(List<String> path, long length, boolean padding) {
    BencodeDictionary.Builder f = BencodeDictionary.builder().put("length", length)
        .put("path", new BencodeList(path.stream().<BencodeValue>map(BencodeValue::of).toList()));
    if (padding) f.put("attr", "p");
    return f.build();
  }

  private List<Source> walk() throws IOException {
    List<Source> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(content)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (!Files.isRegularFile(p)) continue;
        List<String> path = new ArrayList<>();
        for (Path c : content.relativize(p)) path.add(c.toString());
        out.add(new Source(p, path, Files.size(p)));
      }
    }
    Comparator<Source> order = version == TorrentVersion.V1
        ? Comparator.comparing(s -> utf8(String.join("/", s.path)), Arrays::compareUnsigned)
        : (a, b) -> comparePaths(a.path, b.path);
    out.sort(order);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int comparePaths(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = Arrays.compareUnsigned(utf8(a.get(i)), utf8(b.get(i)));
      if (c != 0) return c;
    }
    return Integer.compare(a.size(), b.size());
  }

  /** SHA-1 of each v1 piece, the pieces running across file boundaries. */
  private static final class PieceHasher {
    private final MessageDigest sha1 = InfoHash.Version.V1.digest();
    private final ByteArrayOutputStream hashes = new ByteArrayOutputStream();
    private final long pieceLength;
    private long inPiece;

    PieceHasher(long pieceLength) {
      this.pieceLength = pieceLength;
    }

    long inPiece() {
      return inPiece;
    }

    void update(byte[] b, int off, int len) {
      while (len > 0) {
        int take = (int) Math.min(len, pieceLength - inPiece);
        sha1.update(b, off, take);
        inPiece += take;
        off += take;
        len -= take;
        if (inPiece == pieceLength) {
          hashes.writeBytes(sha1.digest());
          inPiece = 0;
        }
      }
    }

    void zeros(long n) {
      byte[] z = new byte[(int) Math.min(n, Info.BLOCK_SIZE)];
      while (n > 0) {
        int take = (int) Math.min(n, z.length);
        update(z, 0, take);
        n -= take;
      }
    }

    byte[] finish() {
      if (inPiece > 0) hashes.writeBytes(sha1.digest());
      inPiece = 0;
      return hashes.toByteArray();
    }
  }

  /** The BEP 52 file tree being built: directories are nested maps, a file is {@code "": {...}}. */
  private static final class FileTree {
    private final TreeMap<BencodeString, Object> root = new TreeMap<>();

    @SuppressWarnings("unchecked")
    void add(List<String> path, BencodeDictionary file) {
      TreeMap<BencodeString, Object> node = root;
      for (int i = 0; i < path.size() - 1; i++) {
        node = (TreeMap<BencodeString, Object>) node.computeIfAbsent(BencodeString.utf8(path.get(i)),
            k -> new TreeMap<BencodeString, Object>());
      }
      node.put(BencodeString.utf8(path.getLast()), BencodeDictionary.builder().put("", file).build());
    }

    BencodeDictionary build() {
      return build(root);
    }

    @SuppressWarnings("unchecked")
    private static BencodeDictionary build(TreeMap<BencodeString, Object> node) {
      BencodeDictionary.Builder b = BencodeDictionary.builder();
      node.forEach((k, v) -> b.put(k, v instanceof BencodeDictionary d ? d : build((TreeMap<BencodeString, Object>) v)));
      return b.build();
    }
  }

  public static final class Builder {
    private final Path content;
    private Optional<String> name = Optional.empty();
    private final List<List<String>> trackerTiers = new ArrayList<>();
    private final List<String> webSeeds = new ArrayList<>();
    private long pieceLength;
    private boolean privateTorrent;
    private TorrentVersion version = TorrentVersion.V1;
    private Optional<String> createdBy = Optional.of("Minternet");
    private Optional<Instant> creationDate = Optional.of(Instant.now());
    private Optional<String> comment = Optional.empty();
    private Optional<String> source = Optional.empty();
    private Progress progress;

    private Builder(Path content) {
      this.content = Objects.requireNonNull(content);
    }

    /** The torrent's name (default: the file or directory name). */
    public Builder name(String name) {
      this.name = Optional.of(name);
      return this;
    }

    /** A tracker in a tier of its own, after the ones given before (BEP 12). */
    public Builder tracker(String url) {
      trackerTiers.add(List.of(url));
      return this;
    }

    /** A tier of trackers tried in turn (BEP 12). */
    public Builder trackerTier(List<String> urls) {
      if (urls.isEmpty()) throw new IllegalArgumentException("a tier has a tracker");
      trackerTiers.add(List.copyOf(urls));
      return this;
    }

    /** A BEP 19 web seed. */
    public Builder webSeed(String url) {
      webSeeds.add(url);
      return this;
    }

    /** Bytes per piece; 0 chooses by {@link PieceLength#forSize}. */
    public Builder pieceLength(long bytes) {
      if (bytes < 0) throw new IllegalArgumentException("piece length is not negative");
      this.pieceLength = bytes;
      return this;
    }

    /** BEP 27 private flag. */
    public Builder privateTorrent(boolean p) {
      this.privateTorrent = p;
      return this;
    }

    public Builder version(TorrentVersion v) {
      this.version = Objects.requireNonNull(v);
      return this;
    }

    /** The {@code created by} field; null writes none. */
    public Builder createdBy(String who) {
      this.createdBy = Optional.ofNullable(who);
      return this;
    }

    /** The {@code creation date}; null writes none (default: now). */
    public Builder creationDate(Instant when) {
      this.creationDate = Optional.ofNullable(when);
      return this;
    }

    public Builder comment(String c) {
      this.comment = Optional.ofNullable(c);
      return this;
    }

    /** The {@code source} field inside the info dictionary (changes the info hash). */
    public Builder source(String s) {
      this.source = Optional.ofNullable(s);
      return this;
    }

    public Builder progress(Progress p) {
      this.progress = p;
      return this;
    }

    public TorrentCreator build() {
      return new TorrentCreator(this);
    }
  }
}
