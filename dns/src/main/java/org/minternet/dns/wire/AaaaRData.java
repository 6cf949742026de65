package org.minternet.dns.wire;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** AAAA: an IPv6 address (RFC 3596). */
public record AaaaRData(Inet6Address address) implements RData {
  static AaaaRData read(DnsInput in, int length) throws WireFormatException {
    if (length != 16) throw new WireFormatException("AAAA record of length " + length);
    return new AaaaRData(v6(in.bytes(16)));
  }

  static AaaaRData parse(TextInput in) throws WireFormatException {
    String t = in.token("address");
    if (t.indexOf(':') < 0 || !t.matches("[0-9A-Fa-f:.]+")) {
      throw new WireFormatException("bad IPv6 address: " + t);
    }
    try {
      InetAddress a = InetAddress.getByName(t);
      byte[] b = a.getAddress();
      if (b.length == 4) { // IPv4-mapped addresses come back as IPv4
        byte[] m = new byte[16];
        m[10] = (byte) 0xff;
        m[11] = (byte) 0xff;
        System.arraycopy(b, 0, m, 12, 4);
        b = m;
      }
      return new AaaaRData(v6(b));
    } catch (UnknownHostException e) {
      throw new WireFormatException("bad IPv6 address: " + t);
    }
  }

  private static Inet6Address v6(byte[] b) {
    try {
      return Inet6Address.getByAddress(null, b, -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int type() {
    return RrTypes.AAAA;
  }

  @Override
  public void write(DnsOutput out) {
    out.bytes(address.getAddress());
  }

  @Override
  public String toText() {
    return compress(address.getAddress());
  }

  /** RFC 5952 text: lower case, longest run of zero groups as "::". */
  static String compress(byte[] b) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) j++;
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
