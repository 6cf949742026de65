package org.minternet.http.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * A resolved byte range {@code [first, last]} of a representation (RFC 9110 §14.1.2).
 */
public record ByteRange(long first, long last) {
  public long length() {
    return last - first + 1;
  }

  /** The Content-Range value {@code bytes first-last/size}. */
  public String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /** Outcome of evaluating a Range header against a representation of known size. */
  public sealed interface Outcome {
    /** Ignore the header and send the whole representation (absent, malformed or unsupported). */
    record Whole() implements Outcome {}

    /** None of the ranges overlaps the representation: 416. */
    record Unsatisfiable() implements Outcome {}

    /** The satisfiable ranges, in request order. */
    record Ranges(List<ByteRange> ranges) implements Outcome {}
  }

  /**
   * Evaluates a Range header value ({@code bytes=0-99}, {@code bytes=100-}, {@code bytes=-500},
   * lists of those) for a representation of {@code size} bytes. A syntactically invalid header is
   * ignored (RFC 9110 §14.2); more than {@code maxRanges} ranges is ignored too, which defeats
   * range amplification.
   */
  public static Outcome evaluate(String header, long size, int maxRanges) {
    if (header == null) return new Outcome.Whole();
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return new Outcome.Whole();
    String[] specs = h.substring(6).split(",", -1);
    if (specs.length > maxRanges) return new Outcome.Whole();
    List<ByteRange> out = new ArrayList<>();
    for (String raw : specs) {
      String spec = raw.trim();
      int dash = spec.indexOf('-');
      if (dash < 0) return new Outcome.Whole();
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      Long first = a.isEmpty() ? null : digits(a);
      Long last = b.isEmpty() ? null : digits(b);
      if ((!a.isEmpty() && first == null) || (!b.isEmpty() && last == null)) return new Outcome.Whole();
      if (first == null) {
        if (last == null) return new Outcome.Whole();
        if (last == 0 || size == 0) continue;
        out.add(new ByteRange(Math.max(0, size - last), size - 1));
      } else {
        if (last != null && last < first) return new Outcome.Whole();
        if (first >= size) continue;
        long end = last == null ? size - 1 : Math.min(last, size - 1);
        out.add(new ByteRange(first, end));
      }
    }
    return out.isEmpty() ? new Outcome.Unsatisfiable() : new Outcome.Ranges(out);
  }

  private static Long digits(String s) {
    if (s.length() > 18) return null;
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return null;
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
