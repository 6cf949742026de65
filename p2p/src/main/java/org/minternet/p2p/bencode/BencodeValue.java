package org.minternet.p2p.bencode;

/**
 * A bencoded value (BEP 3, "bencoding"): an integer, a byte string, a list or a dictionary.
 * Values are immutable; {@link BencodeWriter} writes them in canonical form and
 * {@link BencodeReader} reads only canonical input.
 */
public sealed interface BencodeValue
    permits BencodeInteger, BencodeString, BencodeList, BencodeDictionary {

  /** A long as a bencoded integer. */
  static BencodeInteger of(long value) {
    return new BencodeInteger(value);
  }

  /** A text as a byte string in UTF-8 (BEP 3 strings are bytes; names and URLs are UTF-8). */
  static BencodeString of(String text) {
    return BencodeString.utf8(text);
  }

  /** Bytes as a byte string (copied). */
  static BencodeString of(byte[] bytes) {
    return BencodeString.of(bytes);
  }
}
