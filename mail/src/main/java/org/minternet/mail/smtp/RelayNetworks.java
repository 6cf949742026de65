package org.minternet.mail.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Networks allowed to relay without authentication, as CIDR prefixes ({@code 127.0.0.0/8},
 * {@code ::1/128}). Empty by default: only authenticated users relay, so the server is never an
 * open relay.
 */
public final class RelayNetworks {
  private record Prefix(byte[] network, int bits) {}

  private final List<Prefix> prefixes = new ArrayList<>();

  /** Parses CIDR prefixes; throws IllegalArgumentException on a bad one. */
  public static RelayNetworks of(List<String> cidrs) {
    RelayNetworks r = new RelayNetworks();
    for (String c : cidrs) {
      int slash = c.indexOf('/');
      String addr = slash < 0 ? c : c.substring(0, slash);
      if (!addr.matches("[0-9a-fA-F:.]+")) throw new IllegalArgumentException("not an address: " + c);
      try {
        byte[] net = InetAddress.getByName(addr).getAddress();
        int bits = slash < 0 ? net.length * 8 : Integer.parseInt(c.substring(slash + 1));
        if (bits < 0 || bits > net.length * 8) throw new IllegalArgumentException("bad prefix length: " + c);
        r.prefixes.add(new Prefix(net, bits));
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("bad network: " + c, e);
      }
    }
    return r;
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    for (Prefix p : prefixes) {
      if (p.network.length != a.length) continue;
      if (matches(p.network, a, p.bits)) return true;
    }
    return false;
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
