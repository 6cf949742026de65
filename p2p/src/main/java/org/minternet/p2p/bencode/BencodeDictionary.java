package org.minternet.p2p.bencode;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A bencoded dictionary, {@code d<key><value>...e}: byte-string keys in the order of their raw
 * bytes (BEP 3: "keys must be strings and appear in sorted order (sorted as raw strings, not
 * alphanumerics)").
 *
 * <p>A dictionary read by {@link BencodeReader} remembers the exact bytes it was read from
 * ({@link #raw}), so that a hash over it (the info hash of a torrent) is the hash of what was
 * read, not of a re-encoding. Equality ignores where a dictionary came from.
 */
public final class BencodeDictionary implements BencodeValue {
  private final NavigableMap<BencodeString, BencodeValue> entries;
  private final byte[] source;
  private final int offset;
  private final int length;

  private BencodeDictionary(NavigableMap<BencodeString, BencodeValue> entries, byte[] source, int offset, int length) {
    this.entries = Collections.unmodifiableNavigableMap(entries);
    this.source = source;
    this.offset = offset;
    this.length = length;
  }

  /** A dictionary read from {@code source[offset, offset + length)}. */
  static BencodeDictionary read(NavigableMap<BencodeString, BencodeValue> entries, byte[] source, int offset, int length) {
    return new BencodeDictionary(entries, source, offset, length);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The entries, in canonical (unsigned byte) key order. */
  public NavigableMap<BencodeString, BencodeValue> entries() {
    return entries;
  }

  public Optional<BencodeValue> get(String key) {
    return Optional.ofNullable(entries.get(BencodeString.utf8(key)));
  }

  public boolean containsKey(String key) {
    return entries.containsKey(BencodeString.utf8(key));
  }

  public int size() {
    return entries.size();
  }

  /**
   * The exact bytes this dictionary was read from, read-only; empty for a dictionary built in
   * code (encode it with {@link BencodeWriter} instead).
   */
  public Optional<ByteBuffer> raw() {
    if (source == null) return Optional.empty();
    return Optional.of(ByteBuffer.wrap(source, offset, length).slice().asReadOnlyBuffer());
  }

  /** The digest of the bytes read, or of the canonical encoding for a dictionary built in code. */
  public byte[] digest(MessageDigest digest) {
    digest.reset();
    if (source != null) digest.update(source, offset, length);
    else digest.update(BencodeWriter.encode(this));
    return digest.digest();
  }

  /** A copy of the bytes read, or the canonical encoding for a dictionary built in code. */
  public byte[] encoded() {
    if (source == null) return BencodeWriter.encode(this);
    byte[] b = new byte[length];
    System.arraycopy(source, offset, b, 0, length);
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BencodeDictionary d && entries.equals(d.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }

  /** Builds a dictionary; keys end up in canonical order whatever the order of {@code put}. */
  public static final class Builder {
    private final TreeMap<BencodeString, BencodeValue> entries = new TreeMap<>();

    private Builder() {}

    public Builder put(String key, BencodeValue value) {
      entries.put(BencodeString.utf8(key), Objects.requireNonNull(value, key));
      return this;
    }

    public Builder put(BencodeString key, BencodeValue value) {
      entries.put(key, Objects.requireNonNull(value));
      return this;
    }

    public Builder put(String key, String value) {
      return put(key, BencodeString.utf8(value));
    }

    public Builder put(String key, long value) {
      return put(key, new BencodeInteger(value));
    }

    public Builder put(String key, byte[] value) {
      return put(key, BencodeString.of(value));
    }

    public Builder putAll(Map<BencodeString, BencodeValue> more) {
      more.forEach(this::put);
      return this;
    }

    public BencodeDictionary build() {
      return new BencodeDictionary(new TreeMap<>(entries), null, 0, 0);
    }
  }
}
