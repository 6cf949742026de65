package org.minternet.http.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The client networks a proxy serves (no open proxy): CIDR prefixes such as {@code 127.0.0.0/8},
 * {@code 10.0.0.0/8} or {@code ::1/128}. An IPv4-mapped IPv6 client address matches IPv4
 * prefixes.
 */
final class ClientNetworks {
  private record Prefix(byte[] network, int bits) {}

  private final List<Prefix> prefixes;

  private ClientNetworks(List<Prefix> prefixes) {
    this.prefixes = prefixes;
  }

  /** Loopback only: {@code 127.0.0.0/8} and {@code ::1/128}. */
  static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

  /**
   * Parses CIDR strings; an address without a prefix length is a single host.
   *
   * @throws IllegalArgumentException for a malformed entry
   */
  static ClientNetworks parse(List<String> cidrs) {
    List<Prefix> out = new ArrayList<>();
    for (String cidr : cidrs) {
      String s = cidr.trim();
      int slash = s.indexOf('/');
      String addr = slash < 0 ? s : s.substring(0, slash);
      if (addr.isEmpty() || !addr.chars().allMatch(ch -> Character.digit(ch, 16) >= 0
          || ch == '.' || ch == ':')) {
        throw new IllegalArgumentException("not an address: " + cidr);
      }
      byte[] net;
      try {
        net = InetAddress.getByName(addr).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an address: " + cidr);
      }
      int bits = net.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad prefix length: " + cidr);
        }
        if (bits < 0 || bits > net.length * 8) throw new IllegalArgumentException("bad prefix length: " + cidr);
      }
      out.add(new Prefix(net, bits));
    }
    return new ClientNetworks(List.copyOf(out));
  }

  boolean allows(InetAddress client) {
    byte[] a = client.getAddress();
    if (a.length == 16 && isMappedV4(a)) a = java.util.Arrays.copyOfRange(a, 12, 16);
    for (Prefix p : prefixes) {
      if (p.network.length == a.length && matches(p.network, a, p.bits)) return true;
    }
    return false;
  }

  private static boolean isMappedV4(byte[] a) {
    for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  private static boolean matches(byte[] net, byte[] a, int bits) {
    int full = bits / 8;
    for (int i = 0; i < full; i++) if (net[i] != a[i]) return false;
    int rest = bits % 8;
    if (rest == 0) return true;
    int mask = (0xff << (8 - rest)) & 0xff;
    return (net[full] & mask) == (a[full] & mask);
  }
}
