package org.minternet.dns.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An absolute domain name (RFC 1035 §3.1): labels of at most {@value #MAX_LABEL} octets, at most
 * {@value #MAX_WIRE} octets on the wire. Comparison is case-insensitive for ASCII letters and the
 * original case is kept (RFC 4343). Presentation format uses {@code \X} and {@code \DDD} escapes.
 */
public final class Name implements Comparable<Name> {
  public static final int MAX_LABEL = 63;
  public static final int MAX_WIRE = 255;
  /** Compression pointers followed in one name before giving up (they must also go backwards). */
  static final int MAX_POINTERS = 64;

  public static final Name ROOT = new Name(new byte[0][]);

  private final byte[][] labels;
  private final int hash;

  private Name(byte[][] labels) {
    this.labels = labels;
    int h = 1;
    for (byte[] l : labels) {
      h = 31 * h + l.length;
      for (byte b : l) h = 31 * h + lower(b);
    }
    this.hash = h;
  }

  /** A name from labels (most specific first), checked for the length limits. */
  public static Name of(List<byte[]> labels) throws WireFormatException {
    int wire = 1;
    for (byte[] l : labels) {
      if (l.length == 0) throw new WireFormatException("empty label");
      if (l.length > MAX_LABEL) throw new WireFormatException("label longer than 63 octets");
      wire += 1 + l.length;
    }
    if (wire > MAX_WIRE) throw new WireFormatException("name longer than 255 octets");
    return new Name(labels.toArray(new byte[0][]));
  }

  /** Parses an absolute name; a missing final dot is accepted (the name is taken as absolute). */
  public static Name parse(String text) throws WireFormatException {
    return parse(text, ROOT);
  }

  /**
   * Parses a name in presentation format: absolute when it ends with an unescaped dot, otherwise
   * relative to {@code origin}; {@code @} is the origin itself.
   */
  public static Name parse(String text, Name origin) throws WireFormatException {
    if (text.isEmpty()) throw new WireFormatException("empty name");
    if (text.equals("@")) return origin;
    if (text.equals(".")) return ROOT;
    List<byte[]> out = new ArrayList<>();
    byte[] cur = new byte[MAX_LABEL + 1];
    int len = 0;
    boolean absolute = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int b;
      if (c == '\\') {
        if (i + 1 >= text.length()) throw new WireFormatException("dangling escape in " + text);
        char d = text.charAt(i + 1);
        if (Character.isDigit(d)) {
          if (i + 3 >= text.length()) throw new WireFormatException("bad \\DDD escape in " + text);
          String digits = text.substring(i + 1, i + 4);
          if (!digits.chars().allMatch(Character::isDigit)) {
            throw new WireFormatException("bad \\DDD escape in " + text);
          }
          b = Integer.parseInt(digits);
          if (b > 255) throw new WireFormatException("bad \\DDD escape in " + text);
          i += 3;
        } else {
          if (d > 0xff) throw new WireFormatException("non-Latin-1 character in " + text);
          b = d;
          i += 1;
        }
      } else if (c == '.') {
        if (len == 0) throw new WireFormatException("empty label in " + text);
        out.add(Arrays.copyOf(cur, len));
        len = 0;
        if (i == text.length() - 1) absolute = true;
        continue;
      } else {
        if (c > 0x7f) throw new WireFormatException("non-ASCII character in " + text);
        b = c;
      }
      if (len == MAX_LABEL) throw new WireFormatException("label longer than 63 octets in " + text);
      cur[len++] = (byte) b;
    }
    if (len > 0) out.add(Arrays.copyOf(cur, len));
    if (!absolute) {
      for (int i = 0; i < origin.labels.length; i++) out.add(origin.labels[i]);
    }
    return of(out);
  }

  /** Like {@link #parse(String)} for names known to be valid (constants, tests). */
  public static Name of(String text) {
    try {
      return parse(text);
    } catch (WireFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Reads a possibly compressed name. Pointers must point strictly before every position already
   * visited for this name, which rules out loops and forward pointers (RFC 1035 §4.1.4).
   */
  public static Name read(DnsInput in) throws WireFormatException {
    List<byte[]> out = new ArrayList<>(4);
    int wire = 1;
    int lowest = in.position();
    int pointers = 0;
    int at = -1; // -1: reading from the input stream; otherwise a message offset after a pointer
    while (true) {
      int len = at < 0 ? in.u8() : in.byteAt(at++);
      if (len == 0) break;
      int kind = len & 0xC0;
      if (kind == 0xC0) {
        int low = at < 0 ? in.u8() : in.byteAt(at++);
        int target = ((len & 0x3F) << 8) | low;
        if (target >= lowest) throw new WireFormatException("compression pointer not backwards");
        if (++pointers > MAX_POINTERS) throw new WireFormatException("too many compression pointers");
        lowest = target;
        at = target;
        continue;
      }
      if (kind != 0) throw new WireFormatException("unsupported label type");
      wire += 1 + len;
      if (wire > MAX_WIRE) throw new WireFormatException("name longer than 255 octets");
      byte[] label;
      if (at < 0) {
        label = in.bytes(len);
      } else {
        label = new byte[len];
        in.copyAt(at, label, 0, len);
        at += len;
      }
      out.add(label);
    }
    return new Name(out.toArray(new byte[0][]));
  }

  public int labelCount() {
    return labels.length;
  }

  /** The label at index i, 0 being the most specific (leftmost). The array must not be changed. */
  public byte[] label(int i) {
    return labels[i];
  }

  public String labelText(int i) {
    StringBuilder sb = new StringBuilder();
    appendLabel(sb, labels[i]);
    return sb.toString();
  }

  /** The name without its first {@code n} labels. */
  public Name suffix(int n) {
    if (n == 0) return this;
    if (n >= labels.length) return ROOT;
    return new Name(Arrays.copyOfRange(labels, n, labels.length));
  }

  public Name parent() {
    return suffix(1);
  }

  public boolean isRoot() {
    return labels.length == 0;
  }

  public boolean isWildcard() {
    return labels.length > 0 && labels[0].length == 1 && labels[0][0] == '*';
  }

  /** This name with one more label in front. */
  public Name child(String label) throws WireFormatException {
    return parse(label.replace(".", "\\."), this);
  }

  /** {@code *.this}. */
  public Name wildcard() {
    byte[][] l = new byte[labels.length + 1][];
    l[0] = new byte[] {'*'};
    System.arraycopy(labels, 0, l, 1, labels.length);
    return new Name(l);
  }

  /** True if this name equals {@code ancestor} or lies below it. */
  public boolean isSubdomainOf(Name ancestor) {
    int d = labels.length - ancestor.labels.length;
    if (d < 0) return false;
    for (int i = 0; i < ancestor.labels.length; i++) {
      if (!labelEquals(labels[d + i], ancestor.labels[i])) return false;
    }
    return true;
  }

  /** Octets on the wire, uncompressed. */
  public int wireLength() {
    int n = 1;
    for (byte[] l : labels) n += 1 + l.length;
    return n;
  }

  /** Presentation relative to {@code origin} when below it ({@code @} for the origin itself). */
  public String relativeTo(Name origin) {
    if (equals(origin)) return "@";
    if (!isSubdomainOf(origin) || origin.isRoot()) return toString();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < labels.length - origin.labels.length; i++) {
      if (i > 0) sb.append('.');
      appendLabel(sb, labels[i]);
    }
    return sb.toString();
  }

  private static int lower(byte b) {
    return b >= 'A' && b <= 'Z' ? b + 32 : b & 0xff;
  }

  private static boolean labelEquals(byte[] a, byte[] b) {
    if (a.length != b.length) return false;
    for (int i = 0; i < a.length; i++) {
      if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
  }

  /** The name in lower case (canonical form, RFC 4034 §6.2). */
  public Name toLowerCase() {
    byte[][] l = new byte[labels.length][];
    for (int i = 0; i < labels.length; i++) {
      l[i] = labels[i].clone();
      for (int j = 0; j < l[i].length; j++) l[i][j] = (byte) lower(l[i][j]);
    }
    return new Name(l);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Name n) || n.hash != hash || n.labels.length != labels.length) return false;
    for (int i = 0; i < labels.length; i++) {
      if (!labelEquals(labels[i], n.labels[i])) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Canonical DNS order (RFC 4034 §6.1): by labels from the root, case-insensitively. */
  @Override
  public int compareTo(Name o) {
    int i = labels.length - 1;
    int j = o.labels.length - 1;
    for (; i >= 0 && j >= 0; i--, j--) {
      byte[] a = labels[i];
      byte[] b = o.labels[j];
      int n = Math.min(a.length, b.length);
      for (int k = 0; k < n; k++) {
        int c = lower(a[k]) - lower(b[k]);
        if (c != 0) return c;
      }
      if (a.length != b.length) return a.length - b.length;
    }
    return Integer.compare(labels.length, o.labels.length);
  }

  static void appendLabel(StringBuilder sb, byte[] label) {
    for (byte x : label) {
      int b = x & 0xff;
      if (b == '.' || b == '\\' || b == '"' || b == '(' || b == ')' || b == ';' || b == '@'
          || b == '$') {
        sb.append('\\').append((char) b);
      } else if (b <= 0x20 || b >= 0x7f) {
        sb.append('\\').append(String.format("%03d", b));
      } else {
        sb.append((char) b);
      }
    }
  }

  /** Presentation format, absolute (ending with a dot). */
  @Override
  public String toString() {
    if (labels.length == 0) return ".";
    StringBuilder sb = new StringBuilder();
    for (byte[] l : labels) {
      appendLabel(sb, l);
      sb.append('.');
    }
    return sb.toString();
  }
}
