package org.minternet.p2p.bencode;

import java.util.List;

/** A bencoded list, {@code l<values>e}. */
public record BencodeList(List<BencodeValue> values) implements BencodeValue {
  public BencodeList {
    values = List.copyOf(values);
  }

  public static BencodeList of(BencodeValue... values) {
    return new BencodeList(List.of(values));
  }

  public int size() {
    return values.size();
  }

  public BencodeValue get(int i) {
    return values.get(i);
  }
}
