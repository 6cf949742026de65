package org.minternet.dns.resolver;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address prefix such as {@code 10.0.0.0/8} or {@code ::1/128}, for the client ACL. */
record Cidr(byte[] network, int bits) {
  /** Parses {@code address/bits}; a bare address is a single host. */
  static Cidr parse(String text) {
    String t = text.trim();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    if (!addr.matches("[0-9.]+") && !addr.contains(":")) {
      throw new IllegalArgumentException("not an IP address: " + text);
    }
    byte[] net;
    try {
      net = InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + text);
    }
    int bits = net.length * 8;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad prefix length: " + text);
      }
      if (bits < 0 || bits > net.length * 8) throw new IllegalArgumentException("bad prefix length: " + text);
    }
    return new Cidr(net, bits);
  }

  boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) return false;
    int full = bits / 8;
    for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
    int rest = bits % 8;
    if (rest == 0) return true;
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }
}
