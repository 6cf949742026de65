package org.minternet.dns.wire;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A: an IPv4 address (RFC 1035 §3.4.1). */
public record ARData(Inet4Address address) implements RData {
  static ARData read(DnsInput in, int length) throws WireFormatException {
    if (length != 4) throw new WireFormatException("A record of length " + length);
    return new ARData(v4(in.bytes(4)));
  }

  static ARData parse(TextInput in) throws WireFormatException {
    String t = in.token("address");
    if (!t.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      throw new WireFormatException("bad IPv4 address: " + t);
    }
    byte[] b = new byte[4];
    String[] p = t.split("\\.");
    for (int i = 0; i < 4; i++) {
      int v = Integer.parseInt(p[i]);
      if (v > 255) throw new WireFormatException("bad IPv4 address: " + t);
      b[i] = (byte) v;
    }
    return new ARData(v4(b));
  }

  private static Inet4Address v4(byte[] b) {
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int type() {
    return RrTypes.A;
  }

  @Override
  public void write(DnsOutput out) {
    out.bytes(address.getAddress());
  }

  @Override
  public String toText() {
    return address.getHostAddress();
  }
}
