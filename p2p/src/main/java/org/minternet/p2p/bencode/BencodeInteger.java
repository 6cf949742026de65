package org.minternet.p2p.bencode;

/** A bencoded integer, {@code i<decimal>e}; this codec reads and writes the range of a long. */
public record BencodeInteger(long value) implements BencodeValue {
  @Override
  public String toString() {
    return Long.toString(value);
  }
}
