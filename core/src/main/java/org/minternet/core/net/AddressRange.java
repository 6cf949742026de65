package org.minternet.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One block of IP addresses written in CIDR notation (RFC 4632 section 3.1 for IPv4, RFC 4291
 * section 2.3 for IPv6): {@code 10.0.0.0/8}, {@code 2001:db8::/32}, or a bare address for a single
 * host ({@code /32} or {@code /128}).
 *
 * <p>The contract, the same for every server that takes client networks:
 *
 * <ul>
 *   <li>Input is trimmed; only numeric literals are accepted (never a host name, so parsing does
 *       no DNS lookup): IPv4 as four decimal octets without leading zeros (a leading zero is octal
 *       to {@code inet_aton}, so {@code 010.0.0.1} is ambiguous and refused); IPv6 as in RFC 4291
 *       section 2.2, with an optional trailing dotted IPv4 part; no brackets, no zone index.
 *   <li>An IPv4-mapped IPv6 address (RFC 4291 section 2.5.5.2, {@code ::ffff:10.0.0.1}) is an IPv4
 *       address: as a range {@code ::ffff:10.0.0.0/104} is {@code 10.0.0.0/8}, and a mapped client
 *       address is matched against the IPv4 ranges.
 *   <li>Host bits set below the prefix length are masked off: {@code 10.1.2.3/8} is
 *       {@code 10.0.0.0/8} (as BIND's and Postfix's lists take it), and {@link #toString()} shows
 *       the masked form.
 *   <li>Anything else (an empty string, a name, a prefix length that is not a decimal number from 0
 *       to the address width) is refused with an {@link IllegalArgumentException} whose message
 *       names the input and what is wrong with it.
 * </ul>
 *
 * An IPv4 range never contains an IPv6 address that is not IPv4-mapped, and an IPv6 range never
 * contains an IPv4 client (so {@code ::/0} is every IPv6 client, not every client); a mapped
 * range with a prefix shorter than 96 bits, which would mix the two, is refused.
 */
public final class AddressRange {
  private final byte[] network;
  private final int prefixLength;

  private AddressRange(byte[] network, int prefixLength) {
    this.network = mask(network, prefixLength);
    this.prefixLength = prefixLength;
  }

  /**
   * Parses {@code address} or {@code address/prefix-length}.
   *
   * @throws IllegalArgumentException with a message naming the input, for anything malformed
   */
  public static AddressRange parse(String text) {
    if (text == null) throw new IllegalArgumentException("address range: missing");
    String t = text.trim();
    int slash = t.indexOf('/');
    String addressPart = slash < 0 ? t : t.substring(0, slash);
    byte[] address = parseLiteral(addressPart);
    if (address == null) {
      throw new IllegalArgumentException("address range \"" + text + "\": not an IP address");
    }
    int width = address.length * 8;
    int bits = width;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
          || (p.length() > 1 && p.charAt(0) == '0')) {
        throw new IllegalArgumentException(
            "address range \"" + text + "\": the prefix length must be a number from 0 to " + width);
      }
      bits = Integer.parseInt(p);
      if (bits > width) {
        throw new IllegalArgumentException(
            "address range \"" + text + "\": the prefix length must be a number from 0 to " + width);
      }
    }
    if (address.length == 16 && isMappedV4(address)) {
      if (bits < 96) {
        throw new IllegalArgumentException("address range \"" + text
            + "\": an IPv4-mapped range needs a prefix length from 96 to 128");
      }
      return new AddressRange(Arrays.copyOfRange(address, 12, 16), bits - 96);
    }
    return new AddressRange(address, bits);
  }

  /** The single-host range of one address ({@code /32} or {@code /128}); mapped IPv4 unmapped. */
  public static AddressRange of(InetAddress address) {
    byte[] a = unmapped(address.getAddress());
    return new AddressRange(a, a.length * 8);
  }

  /**
   * Whether {@code address} lies in this range; an IPv4-mapped IPv6 address is taken as the IPv4
   * address it carries.
   */
  public boolean contains(InetAddress address) {
    return containsUnmapped(unmapped(address.getAddress()));
  }

  boolean containsUnmapped(byte[] a) {
    return contains(a, network, prefixLength);
  }

  /** The first address of the range (host bits zero). */
  public InetAddress network() {
    try {
      return InetAddress.getByAddress(network);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // only thrown for a wrong length, which cannot be
    }
  }

  public int prefixLength() {
    return prefixLength;
  }

  public boolean isIpv4() {
    return network.length == 4;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressRange r && r.prefixLength == prefixLength
        && Arrays.equals(r.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefixLength;
  }

  /**
   * Canonical CIDR form: {@code 10.0.0.0/8}, or IPv6 as RFC 5952 section 4 writes it
   * ({@code 2001:db8::/32}: lower case, no leading zeros, the longest run of two or more zero
   * groups, the first of equal ones, as {@code ::}).
   */
  @Override
  public String toString() {
    return (network.length == 4 ? network().getHostAddress() : ipv6Text(network)) + "/" + prefixLength;
  }

  private static String ipv6Text(byte[] a) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) g[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) j++;
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!b.isEmpty() && b.charAt(b.length() - 1) != ':') b.append(':');
      b.append(Integer.toHexString(g[i]));
    }
    return b.toString();
  }

  private static boolean contains(byte[] a, byte[] net, int bits) {
    if (a.length != net.length) return false;
    int full = bits / 8;
    for (int i = 0; i < full; i++) if (a[i] != net[i]) return false;
    int rest = bits % 8;
    if (rest == 0) return true;
    int m = (0xff << (8 - rest)) & 0xff;
    return (a[full] & m) == (net[full] & m);
  }

  private static byte[] mask(byte[] address, int bits) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      out[i] = (byte) (out[i] & ((0xff << (8 - keep)) & 0xff));
    }
    return out;
  }

  static byte[] unmapped(byte[] a) {
    return a.length == 16 && isMappedV4(a) ? Arrays.copyOfRange(a, 12, 16) : a;
  }

  private static boolean isMappedV4(byte[] a) {
    for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  /** A numeric IPv4 or IPv6 literal as 4 or 16 bytes, or null when {@code s} is not one. */
  static byte[] parseLiteral(String s) {
    if (s.isEmpty() || s.length() > 45) return null;
    return s.indexOf(':') >= 0 ? parseIpv6(s) : parseIpv4(s);
  }

  private static byte[] parseIpv4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i < s.length() && s.charAt(i) != '.') {
        char c = s.charAt(i);
        if (c < '0' || c > '9' || i - start >= 3) return null;
        continue;
      }
      int len = i - start;
      if (len == 0 || part == 4 || (len > 1 && s.charAt(start) == '0')) return null;
      int v = Integer.parseInt(s, start, i, 10);
      if (v > 255) return null;
      out[part++] = (byte) v;
      start = i + 1;
    }
    return part == 4 ? out : null;
  }

  private static byte[] parseIpv6(String s) {
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) return null;
    String head = gap < 0 ? s : s.substring(0, gap);
    String tail = gap < 0 ? "" : s.substring(gap + 2);
    if (gap >= 0 && head.indexOf('.') >= 0) return null; // a dotted part only at the very end
    int[] h = groups(head);
    int[] t = groups(tail);
    if (h == null || t == null) return null;
    int count = h.length + t.length;
    if (gap < 0 ? count != 8 : count > 7) return null;
    byte[] out = new byte[16];
    for (int i = 0; i < h.length; i++) put(out, i, h[i]);
    for (int i = 0; i < t.length; i++) put(out, 8 - t.length + i, t[i]);
    return out;
  }

  /** Colon-separated 16-bit groups; a final dotted IPv4 part counts as two. */
  private static int[] groups(String s) {
    if (s.isEmpty()) return new int[0];
    String[] parts = s.split(":", -1);
    int n = parts.length;
    boolean v4 = parts[n - 1].indexOf('.') >= 0;
    int[] out = new int[v4 ? n + 1 : n];
    for (int i = 0; i < n; i++) {
      String p = parts[i];
      if (v4 && i == n - 1) {
        byte[] b = parseIpv4(p);
        if (b == null) return null;
        out[i] = (b[0] & 0xff) << 8 | (b[1] & 0xff);
        out[i + 1] = (b[2] & 0xff) << 8 | (b[3] & 0xff);
        continue;
      }
      if (p.isEmpty() || p.length() > 4) return null;
      int v = 0;
      for (int k = 0; k < p.length(); k++) {
        char c = p.charAt(k);
        int d = c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return null;
        v = v << 4 | d;
      }
      out[i] = v;
    }
    return out;
  }

  private static void put(byte[] out, int group, int value) {
    out[2 * group] = (byte) (value >>> 8);
    out[2 * group + 1] = (byte) value;
  }
}
