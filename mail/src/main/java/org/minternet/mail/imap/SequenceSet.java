package org.minternet.mail.imap;

import java.util.ArrayList;
import java.util.List;

/**
 * An IMAP sequence set (RFC 9051 §9 {@code sequence-set}): ranges of message sequence numbers or
 * UIDs, where {@code *} stands for the largest number in use. Kept as ranges so that a huge set
 * such as {@code 1:4294967295} costs nothing; at most {@link #MAX_RANGES} ranges are accepted.
 */
record SequenceSet(List<long[]> ranges, boolean saved) {
  static final int MAX_RANGES = 10_000;
  /** Stands for {@code *} until resolved against the mailbox. */
  static final long STAR = -1;

  /** The result of the last {@code SEARCH RETURN (SAVE)} as a set of UIDs (RFC 5182). */
  static final SequenceSet SAVED = new SequenceSet(List.of(), true);

  SequenceSet(List<long[]> ranges) {
    this(ranges, false);
  }

  /** The saved search result with its UIDs filled in: a UID set whatever the command. */
  static SequenceSet ofUids(List<Long> uids) {
    List<long[]> ranges = new ArrayList<>();
    for (long u : uids) ranges.add(new long[] {u, u});
    return new SequenceSet(List.copyOf(ranges), true);
  }

  /** Parses a sequence set; {@code $} stands for the saved search result (SEARCHRES). */
  static SequenceSet parse(String text) throws ImapException {
    if (text.isEmpty()) throw ImapException.bad("Missing sequence set");
    if (text.equals("$")) return SAVED;
    List<long[]> ranges = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      if (ranges.size() >= MAX_RANGES) throw ImapException.bad("Sequence set too large");
      int colon = item.indexOf(':');
      if (colon < 0) {
        long n = number(item);
        ranges.add(new long[] {n, n});
      } else {
        ranges.add(new long[] {number(item.substring(0, colon)), number(item.substring(colon + 1))});
      }
    }
    return new SequenceSet(List.copyOf(ranges));
  }

  private static long number(String s) throws ImapException {
    if (s.equals("*")) return STAR;
    if (s.isEmpty() || s.length() > 10 || s.charAt(0) == '0') throw ImapException.bad("Invalid sequence set");
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') throw ImapException.bad("Invalid sequence set");
      v = v * 10 + (c - '0');
    }
    if (v > 0xFFFFFFFFL) throw ImapException.bad("Invalid sequence set");
    return v;
  }

  /** Whether {@code n} is in the set, with {@code *} meaning {@code max}. */
  boolean contains(long n, long max) {
    for (long[] r : ranges) {
      long a = r[0] == STAR ? max : r[0];
      long b = r[1] == STAR ? max : r[1];
      if (n >= Math.min(a, b) && n <= Math.max(a, b)) return true;
    }
    return false;
  }

  /** The set's items in the RFC's compact form. */
  static String format(List<Long> sortedNumbers) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < sortedNumbers.size()) {
      long start = sortedNumbers.get(i);
      long end = start;
      while (i + 1 < sortedNumbers.size() && sortedNumbers.get(i + 1) == end + 1) end = sortedNumbers.get(++i);
      if (sb.length() > 0) sb.append(',');
      sb.append(start);
      if (end != start) sb.append(':').append(end);
      i++;
    }
    return sb.toString();
  }
}
