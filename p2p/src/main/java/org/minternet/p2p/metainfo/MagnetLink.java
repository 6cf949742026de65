package org.minternet.p2p.metainfo;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A magnet link (BEP 9): {@code magnet:?xt=urn:btih:<v1 hash>&xt=urn:btmh:1220<v2 hash>&dn=<name>
 * &tr=<tracker>&x.pe=<host:port>&ws=<web seed>}. The v1 hash is read in hex (40 digits) or
 * base32 (32 letters, the older form); the v2 hash is a multihash, {@code 0x12} (SHA-256) and
 * {@code 0x20} (32 bytes) before the digest (BEP 52). At least one hash is required.
 */
public record MagnetLink(Optional<InfoHash> v1, Optional<InfoHash> v2, Optional<String> displayName,
    List<String> trackers, List<String> peers, List<String> webSeeds) {

  /** Longest link read: hashes, a name and a few dozen trackers fit well within it. */
  public static final int MAX_LENGTH = 16 * 1024;
  /** Most parameters read from one link. */
  public static final int MAX_PARAMETERS = 200;

  private static final String BTIH = "urn:btih:";
  private static final String BTMH = "urn:btmh:";
  private static final String SHA256_MULTIHASH = "1220";
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  public MagnetLink {
    if (v1.isEmpty() && v2.isEmpty()) throw new IllegalArgumentException("a magnet link names an info hash");
    if (v1.isPresent() && v1.get().version() != InfoHash.Version.V1) throw new IllegalArgumentException("v1 is a SHA-1 hash");
    if (v2.isPresent() && v2.get().version() != InfoHash.Version.V2) throw new IllegalArgumentException("v2 is a SHA-256 hash");
    trackers = List.copyOf(trackers);
    peers = List.copyOf(peers);
    webSeeds = List.copyOf(webSeeds);
  }

  /** True for text that looks like a magnet link (to tell it from a file name). */
  public static boolean isMagnet(String s) {
    return s.regionMatches(true, 0, "magnet:?", 0, 8);
  }

  public static MagnetLink parse(String link) throws MetainfoException {
    if (link.length() > MAX_LENGTH) throw new MetainfoException("magnet link longer than " + MAX_LENGTH);
    if (!isMagnet(link)) throw new MetainfoException("not a magnet link");
    String[] params = link.substring(8).split("&", MAX_PARAMETERS + 1);
    if (params.length > MAX_PARAMETERS) throw new MetainfoException("magnet link with more than " + MAX_PARAMETERS + " parameters");
    Optional<InfoHash> v1 = Optional.empty();
    Optional<InfoHash> v2 = Optional.empty();
    Optional<String> name = Optional.empty();
    List<String> trackers = new ArrayList<>();
    List<String> peers = new ArrayList<>();
    List<String> webSeeds = new ArrayList<>();
    for (String p : params) {
      if (p.isEmpty()) continue;
      int eq = p.indexOf('=');
      if (eq < 0) continue;
      String key = p.substring(0, eq).toLowerCase(Locale.ROOT);
      String value = decode(p.substring(eq + 1));
      // BEP 9 numbers repeated parameters as xt.1, xt.2 …
      int dot = key.indexOf('.');
      if (dot > 0 && !key.startsWith("x.") && key.substring(dot + 1).chars().allMatch(Character::isDigit)) {
        key = key.substring(0, dot);
      }
      switch (key) {
        case "xt" -> {
          String v = value.toLowerCase(Locale.ROOT);
          if (v.startsWith(BTIH)) v1 = Optional.of(btih(value.substring(BTIH.length())));
          else if (v.startsWith(BTMH)) v2 = Optional.of(btmh(v.substring(BTMH.length())));
        }
        case "dn" -> name = Optional.of(value);
        case "tr" -> trackers.add(value);
        case "x.pe" -> peers.add(value);
        case "ws" -> webSeeds.add(value);
        default -> { } // other parameters (xl, so, kt …) are not needed to join the swarm
      }
    }
    if (v1.isEmpty() && v2.isEmpty()) throw new MetainfoException("magnet link without urn:btih or urn:btmh");
    return new MagnetLink(v1, v2, name, trackers, peers, webSeeds);
  }

  private static String decode(String s) throws MetainfoException {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MetainfoException("magnet link with a malformed %-escape");
    }
  }

  private static InfoHash btih(String hash) throws MetainfoException {
    if (hash.length() == 40) return InfoHash.v1(hex(hash));
    if (hash.length() == 32) return InfoHash.v1(base32(hash));
    throw new MetainfoException("urn:btih is neither 40 hex digits nor 32 base32 letters");
  }

  private static InfoHash btmh(String multihash) throws MetainfoException {
    if (multihash.length() != 68 || !multihash.startsWith(SHA256_MULTIHASH)) {
      throw new MetainfoException("urn:btmh is not a SHA-256 multihash (1220 and 64 hex digits)");
    }
    return InfoHash.v2(hex(multihash.substring(4)));
  }

  private static byte[] hex(String s) throws MetainfoException {
    try {
      return HexFormat.of().parseHex(s);
    } catch (IllegalArgumentException e) {
      throw new MetainfoException("info hash with a character that is not a hex digit");
    }
  }

  /** RFC 4648 base32 without padding: 32 letters, 160 bits. */
  private static byte[] base32(String s) throws MetainfoException {
    byte[] out = new byte[s.length() * 5 / 8];
    long buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      int v = BASE32.indexOf(Character.toUpperCase(s.charAt(i)));
      if (v < 0) throw new MetainfoException("info hash with a character that is not base32");
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (buffer >>> bits);
      }
    }
    return out;
  }

  /** The link, hashes first, values %-encoded. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("magnet:?");
    v1.ifPresent(h -> b.append("xt=").append(BTIH).append(h.hex()).append('&'));
    v2.ifPresent(h -> b.append("xt=").append(BTMH).append(SHA256_MULTIHASH).append(h.hex()).append('&'));
    displayName.ifPresent(n -> b.append("dn=").append(encode(n)).append('&'));
    for (String t : trackers) b.append("tr=").append(encode(t)).append('&');
    for (String w : webSeeds) b.append("ws=").append(encode(w)).append('&');
    for (String p : peers) b.append("x.pe=").append(encode(p)).append('&');
    b.setLength(b.length() - 1);
    return b.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
