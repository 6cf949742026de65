package org.minternet.p2p.bencode;

import java.util.Locale;

/**
 * Input that is not canonical bencoding or exceeds a {@link BencodeLimits} limit. The
 * {@link #error} says which rule was broken and {@link #offset} where; the message never
 * carries the input itself.
 */
public final class BencodeException extends Exception {
  /** The rule the input broke. */
  public enum Error {
    /** The input ended inside a value. */
    TRUNCATED,
    /** A byte that starts no value, or a malformed integer or length. */
    SYNTAX,
    /** {@code i03e} or {@code 03:abc}: BEP 3 forbids leading zeros. */
    LEADING_ZERO,
    /** {@code i-0e}: BEP 3 forbids negative zero. */
    NEGATIVE_ZERO,
    /** An integer outside the range of a long. */
    INTEGER_OVERFLOW,
    /** Dictionary keys not in ascending raw-byte order. */
    UNSORTED_KEYS,
    /** A dictionary key given twice. */
    DUPLICATE_KEY,
    /** Bytes after the top-level value. */
    TRAILING_DATA,
    /** Deeper than {@link BencodeLimits#maxDepth}. */
    TOO_DEEP,
    /** A byte string longer than {@link BencodeLimits#maxStringLength}. */
    STRING_TOO_LONG,
    /** Input larger than {@link BencodeLimits#maxTotalSize}. */
    INPUT_TOO_LARGE,
    /** More values than {@link BencodeLimits#maxElements}. */
    TOO_MANY_ELEMENTS
  }

  private final Error error;
  private final long offset;

  public BencodeException(Error error, long offset) {
    super(error.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " at byte " + offset);
    this.error = error;
    this.offset = offset;
  }

  public Error error() {
    return error;
  }

  /** Offset in the input where the broken rule was found. */
  public long offset() {
    return offset;
  }
}
