package org.minternet.p2p.bencode;

import static org.minternet.p2p.bencode.BencodeException.Error.DUPLICATE_KEY;
import static org.minternet.p2p.bencode.BencodeException.Error.INPUT_TOO_LARGE;
import static org.minternet.p2p.bencode.BencodeException.Error.INTEGER_OVERFLOW;
import static org.minternet.p2p.bencode.BencodeException.Error.LEADING_ZERO;
import static org.minternet.p2p.bencode.BencodeException.Error.NEGATIVE_ZERO;
import static org.minternet.p2p.bencode.BencodeException.Error.STRING_TOO_LONG;
import static org.minternet.p2p.bencode.BencodeException.Error.SYNTAX;
import static org.minternet.p2p.bencode.BencodeException.Error.TOO_DEEP;
import static org.minternet.p2p.bencode.BencodeException.Error.TOO_MANY_ELEMENTS;
import static org.minternet.p2p.bencode.BencodeException.Error.TRAILING_DATA;
import static org.minternet.p2p.bencode.BencodeException.Error.TRUNCATED;
import static org.minternet.p2p.bencode.BencodeException.Error.UNSORTED_KEYS;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads canonical bencoding (BEP 3) strictly, within {@link BencodeLimits}.
 *
 * <ol>
 *   <li>The whole input is at most {@code maxTotalSize} bytes (a stream is read up to that
 *       limit plus one byte, never further).
 *   <li>Integers: {@code i}, optional {@code -}, digits, {@code e}; no leading zero, no
 *       {@code -0}, within a long.
 *   <li>Byte strings: a decimal length without leading zero, {@code :}, that many bytes. The
 *       length is checked against the limit and the remaining input before anything is
 *       allocated, so a declared length of a terabyte costs nothing.
 *   <li>Dictionaries: byte-string keys in strictly ascending raw-byte order (which also makes
 *       them unique); each dictionary keeps the span of bytes it was read from.
 *   <li>Nesting at most {@code maxDepth}, values at most {@code maxElements}; nothing may follow
 *       the top-level value.
 * </ol>
 *
 * Recursion is bounded by {@code maxDepth}, so hostile nesting ends in {@link
 * BencodeException.Error#TOO_DEEP}, not in a stack overflow.
 */
public final class BencodeReader {
  private final byte[] in;
  private final BencodeLimits limits;
  private int pos;
  private int elements;

  private BencodeReader(byte[] in, BencodeLimits limits) {
    this.in = in;
    this.limits = limits;
  }

  /** Reads one value that must fill {@code input} exactly. The array is kept, not copied: do not change it. */
  public static BencodeValue decode(byte[] input, BencodeLimits limits) throws BencodeException {
    if (input.length > limits.maxTotalSize()) throw new BencodeException(INPUT_TOO_LARGE, limits.maxTotalSize());
    BencodeReader r = new BencodeReader(input, limits);
    BencodeValue v = r.value(1);
    if (r.pos != input.length) throw new BencodeException(TRAILING_DATA, r.pos);
    return v;
  }

  /** Reads one dictionary that must fill {@code input} exactly. */
  public static BencodeDictionary decodeDictionary(byte[] input, BencodeLimits limits) throws BencodeException {
    if (input.length > 0 && input[0] != 'd') throw new BencodeException(SYNTAX, 0);
    return (BencodeDictionary) decode(input, limits);
  }

  /** Reads a stream to its end, at most {@code maxTotalSize} bytes, and decodes it. */
  public static BencodeValue decode(InputStream input, BencodeLimits limits) throws IOException, BencodeException {
    byte[] all = input.readNBytes(limits.maxTotalSize() + 1);
    return decode(all, limits);
  }

  private BencodeValue value(int depth) throws BencodeException {
    if (depth > limits.maxDepth()) throw new BencodeException(TOO_DEEP, pos);
    if (++elements > limits.maxElements()) throw new BencodeException(TOO_MANY_ELEMENTS, pos);
    int b = peek();
    return switch (b) {
      case 'i' -> integer();
      case 'l' -> list(depth);
      case 'd' -> dictionary(depth);
      default -> {
        if (b >= '0' && b <= '9') yield string();
        throw new BencodeException(SYNTAX, pos);
      }
    };
  }

  private BencodeInteger integer() throws BencodeException {
    int start = pos;
    pos++; // 'i'
    boolean negative = peek() == '-';
    if (negative) pos++;
    long value = digits('e', start);
    pos++; // 'e'
    if (negative && value == 0) throw new BencodeException(NEGATIVE_ZERO, start);
    return new BencodeInteger(negative ? -value : value);
  }

  /**
   * Reads decimal digits up to {@code end} (not consumed), without leading zero, as a long's
   * magnitude (so {@code Long.MIN_VALUE} is outside the range this codec reads).
   */
  private long digits(char end, int start) throws BencodeException {
    int first = pos;
    long value = 0;
    while (peek() != end) {
      int c = in[pos];
      if (c < '0' || c > '9') throw new BencodeException(SYNTAX, pos);
      if (pos > first && in[first] == '0') throw new BencodeException(LEADING_ZERO, first);
      try {
        value = Math.addExact(Math.multiplyExact(value, 10), c - '0');
      } catch (ArithmeticException e) {
        throw new BencodeException(INTEGER_OVERFLOW, start);
      }
      pos++;
    }
    if (pos == first) throw new BencodeException(SYNTAX, pos);
    return value;
  }

  private BencodeString string() throws BencodeException {
    int start = pos;
    long length;
    try {
      length = digits(':', start);
    } catch (BencodeException e) {
      if (e.error() == INTEGER_OVERFLOW) throw new BencodeException(STRING_TOO_LONG, start);
      throw e;
    }
    pos++; // ':'
    if (length > limits.maxStringLength()) throw new BencodeException(STRING_TOO_LONG, start);
    if (length > in.length - pos) throw new BencodeException(TRUNCATED, in.length);
    byte[] b = new byte[(int) length];
    System.arraycopy(in, pos, b, 0, b.length);
    pos += b.length;
    return BencodeString.wrap(b);
  }

  private BencodeList list(int depth) throws BencodeException {
    pos++; // 'l'
    List<BencodeValue> values = new ArrayList<>();
    while (peek() != 'e') values.add(value(depth + 1));
    pos++;
    return new BencodeList(values);
  }

  private BencodeDictionary dictionary(int depth) throws BencodeException {
    int start = pos;
    pos++; // 'd'
    TreeMap<BencodeString, BencodeValue> entries = new TreeMap<>();
    BencodeString previous = null;
    while (peek() != 'e') {
      int keyAt = pos;
      int b = in[pos];
      if (b < '0' || b > '9') throw new BencodeException(SYNTAX, pos);
      if (++elements > limits.maxElements()) throw new BencodeException(TOO_MANY_ELEMENTS, pos);
      BencodeString key = string();
      if (previous != null) {
        int c = previous.compareTo(key);
        if (c == 0) throw new BencodeException(DUPLICATE_KEY, keyAt);
        if (c > 0) throw new BencodeException(UNSORTED_KEYS, keyAt);
      }
      previous = key;
      entries.put(key, value(depth + 1));
    }
    pos++;
    return BencodeDictionary.read(entries, in, start, pos - start);
  }

  /** The next byte, or {@link BencodeException.Error#TRUNCATED} at the end of input. */
  private int peek() throws BencodeException {
    if (pos >= in.length) throw new BencodeException(TRUNCATED, pos);
    return in[pos];
  }
}
