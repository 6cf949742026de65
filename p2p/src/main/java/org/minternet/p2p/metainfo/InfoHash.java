package org.minternet.p2p.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The identity of a torrent: SHA-1 of the bencoded info dictionary (v1, BEP 3, 20 bytes) or
 * SHA-256 of it (v2, BEP 52, 32 bytes). A v2 hash truncated to 20 bytes is what v2 peers use in
 * the handshake and at trackers ({@link #truncated}).
 */
public final class InfoHash {
  /** Which hash. */
  public enum Version {
    V1("SHA-1", 20), V2("SHA-256", 32);

    final String algorithm;
    final int length;

    Version(String algorithm, int length) {
      this.algorithm = algorithm;
      this.length = length;
    }

    MessageDigest digest() {
      try {
        return MessageDigest.getInstance(algorithm);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(algorithm + " is required of every JDK", e);
      }
    }
  }

  private final Version version;
  private final byte[] bytes;

  private InfoHash(Version version, byte[] bytes) {
    if (bytes.length != version.length) {
      throw new IllegalArgumentException("a " + version + " info hash has " + version.length + " bytes");
    }
    this.version = version;
    this.bytes = bytes;
  }

  public static InfoHash v1(byte[] sha1) {
    return new InfoHash(Version.V1, sha1.clone());
  }

  public static InfoHash v2(byte[] sha256) {
    return new InfoHash(Version.V2, sha256.clone());
  }

  static InfoHash of(Version version, byte[] digest) {
    return new InfoHash(version, digest);
  }

  public Version version() {
    return version;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** The first 20 bytes: the hash itself for v1, the truncated form of a v2 hash (BEP 52). */
  public byte[] truncated() {
    return Arrays.copyOf(bytes, 20);
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InfoHash h && h.version == version && Arrays.equals(h.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
