package org.minternet.p2p.metainfo;

import static org.minternet.p2p.metainfo.Fields.optionalDictionary;
import static org.minternet.p2p.metainfo.Fields.optionalInteger;
import static org.minternet.p2p.metainfo.Fields.optionalList;
import static org.minternet.p2p.metainfo.Fields.optionalText;
import static org.minternet.p2p.metainfo.Fields.texts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.minternet.p2p.bencode.BencodeDictionary;
import org.minternet.p2p.bencode.BencodeException;
import org.minternet.p2p.bencode.BencodeLimits;
import org.minternet.p2p.bencode.BencodeList;
import org.minternet.p2p.bencode.BencodeReader;
import org.minternet.p2p.bencode.BencodeString;
import org.minternet.p2p.bencode.BencodeValue;

/**
 * A .torrent file (BEP 3 metainfo): the {@link Info} plus where to find peers and who made it.
 *
 * @param announce the tracker of BEP 3
 * @param announceList BEP 12 tiers of trackers (empty when the file has none)
 * @param webSeeds BEP 19 {@code url-list}
 * @param pieceLayers BEP 52: for each file larger than a piece, its pieces root (hex) to the
 *     concatenated SHA-256 hashes of its pieces
 * @param dictionary the whole file as read
 */
public record Metainfo(Info info, Optional<String> announce, List<List<String>> announceList, List<String> webSeeds,
    Optional<String> comment, Optional<String> createdBy, Optional<Instant> creationDate,
    Map<BencodeString, byte[]> pieceLayers, BencodeDictionary dictionary) {

  public Metainfo {
    announceList = announceList.stream().map(List::copyOf).toList();
    webSeeds = List.copyOf(webSeeds);
    pieceLayers = Map.copyOf(pieceLayers);
  }

  /** Reads a .torrent file's bytes, strictly (canonical bencoding, every field checked). */
  public static Metainfo read(byte[] torrent) throws MetainfoException {
    BencodeDictionary root;
    try {
      root = BencodeReader.decodeDictionary(torrent, BencodeLimits.METAINFO);
    } catch (BencodeException e) {
      throw new MetainfoException("not a torrent file: " + e.getMessage(), e);
    }
    return from(root);
  }

  /** Reads a .torrent file from disk, at most {@link BencodeLimits#METAINFO}'s size. */
  public static Metainfo read(Path file) throws IOException, MetainfoException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(BencodeLimits.METAINFO.maxTotalSize() + 1);
    }
    return read(bytes);
  }

  static Metainfo from(BencodeDictionary root) throws MetainfoException {
    Info info = Info.required(root);
    Optional<String> announce = optionalText(root, "announce");
    List<List<String>> tiers = new ArrayList<>();
    Optional<BencodeList> list = optionalList(root, "announce-list");
    if (list.isPresent()) {
      for (BencodeValue tier : list.get().values()) {
        if (!(tier instanceof BencodeList t)) throw new MetainfoException("'announce-list' holds a tier that is not a list");
        List<String> urls = texts(t, "announce-list");
        if (!urls.isEmpty()) tiers.add(urls);
      }
    }
    List<String> webSeeds = new ArrayList<>();
    Optional<BencodeValue> urlList = root.get("url-list");
    if (urlList.isPresent()) {
      switch (urlList.get()) {
        case BencodeString s -> {
          if (s.length() > 0) webSeeds.add(Fields.text(s, "url-list"));
        }
        case BencodeList l -> webSeeds.addAll(texts(l, "url-list"));
        default -> throw new MetainfoException("'url-list' is neither a string nor a list");
      }
    }
    Optional<Instant> created = optionalInteger(root, "creation date").map(Instant::ofEpochSecond);
    Map<BencodeString, byte[]> layers = new HashMap<>();
    Optional<BencodeDictionary> pl = optionalDictionary(root, "piece layers");
    if (pl.isPresent()) {
      for (Map.Entry<BencodeString, BencodeValue> e : pl.get().entries().entrySet()) {
        if (!(e.getValue() instanceof BencodeString s)) throw new MetainfoException("'piece layers' holds a value that is not a string");
        layers.put(e.getKey(), s.bytes());
      }
    }
    if (info.hasV2()) checkPieceLayers(info, layers);
    return new Metainfo(info, announce, tiers, webSeeds, optionalText(root, "comment"),
        optionalText(root, "created by"), created, layers, root);
  }

  /** BEP 52: every file larger than one piece has its layer, one SHA-256 per piece. */
  private static void checkPieceLayers(Info info, Map<BencodeString, byte[]> layers) throws MetainfoException {
    for (TorrentFile f : info.files()) {
      if (f.padding() || f.length() <= info.pieceLength()) continue;
      byte[] layer = layers.get(BencodeString.of(f.piecesRoot().orElseThrow()));
      long pieces = Math.ceilDiv(f.length(), info.pieceLength());
      if (layer == null || layer.length != pieces * 32) {
        throw new MetainfoException("'piece layers' lacks the layer of a file or it has the wrong length");
      }
    }
  }

  public InfoHash infoHashV1() {
    return info.infoHashV1();
  }

  public InfoHash infoHashV2() {
    return info.infoHashV2();
  }

  /** The hashes this torrent is known by: v1, v2 or both (hybrid). */
  public List<InfoHash> infoHashes() {
    List<InfoHash> h = new ArrayList<>(2);
    if (info.hasV1()) h.add(infoHashV1());
    if (info.hasV2()) h.add(infoHashV2());
    return h;
  }

  /** The trackers in tiers: {@code announce-list} when present (BEP 12), else {@code announce} alone. */
  public List<List<String>> trackerTiers() {
    if (!announceList.isEmpty()) return announceList;
    return announce.map(a -> List.of(List.of(a))).orElse(List.of());
  }

  /** The file's bytes as read. */
  public byte[] encoded() {
    return dictionary.encoded();
  }

  /** A magnet link to this torrent (BEP 9): its hashes, name and trackers. */
  public MagnetLink magnetLink() {
    List<String> trackers = new ArrayList<>();
    for (List<String> tier : trackerTiers()) trackers.addAll(tier);
    return new MagnetLink(info.hasV1() ? Optional.of(infoHashV1()) : Optional.empty(),
        info.hasV2() ? Optional.of(infoHashV2()) : Optional.empty(), Optional.of(info.name()), trackers, List.of(),
        webSeeds);
  }
}
