package org.minternet.p2p.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A bencoded byte string, {@code <length>:<bytes>}. BEP 3 strings are bytes, not text: the
 * {@code pieces} field is binary, names are UTF-8 by convention. Ordered by unsigned bytes, the
 * order of canonical dictionary keys.
 */
public final class BencodeString implements BencodeValue, Comparable<BencodeString> {
  private final byte[] bytes;

  private BencodeString(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of the bytes as a byte string. */
  public static BencodeString of(byte[] bytes) {
    return new BencodeString(bytes.clone());
  }

  /** A text in UTF-8. */
  public static BencodeString utf8(String text) {
    return new BencodeString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Takes the array without copying it (the reader's own fresh arrays). */
  static BencodeString wrap(byte[] bytes) {
    return new BencodeString(bytes);
  }

  /** A copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  /** The bytes as UTF-8 text, if they are valid UTF-8. */
  public Optional<String> utf8() {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** The bytes as text, with invalid UTF-8 replaced (for display). */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  boolean contentEquals(byte[] other) {
    return Arrays.equals(bytes, other);
  }

  void writeTo(ByteArrayOutputStream out) {
    out.writeBytes(bytes);
  }

  @Override
  public int compareTo(BencodeString o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BencodeString s && Arrays.equals(bytes, s.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The text when it is printable UTF-8, otherwise the bytes in hex. */
  @Override
  public String toString() {
    Optional<String> t = utf8();
    if (t.isPresent() && t.get().chars().noneMatch(Character::isISOControl)) return '"' + t.get() + '"';
    return "0x" + HexFormat.of().formatHex(bytes);
  }
}
