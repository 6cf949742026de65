package org.minternet.dns.wire;

import java.util.Arrays;
import java.util.Base64;

/** TSIG: transaction signature (RFC 8945 §4.2); the algorithm name is never compressed. */
public record TsigRData(Name algorithm, long timeSigned, int fudge, byte[] mac, int originalId,
    int error, byte[] otherData) implements RData {
  static TsigRData read(DnsInput in, int length) throws WireFormatException {
    Name alg = Name.read(in);
    long time = ((long) in.u16() << 32) | in.u32();
    int fudge = in.u16();
    byte[] mac = in.bytes(in.u16());
    int id = in.u16();
    int error = in.u16();
    byte[] other = in.bytes(in.u16());
    return new TsigRData(alg, time, fudge, mac, id, error, other);
  }

  @Override
  public int type() {
    return RrTypes.TSIG;
  }

  @Override
  public void write(DnsOutput out) {
    out.name(algorithm, false);
    out.u16((int) (timeSigned >>> 32));
    out.u32(timeSigned & 0xFFFFFFFFL);
    out.u16(fudge);
    out.u16(mac.length);
    out.bytes(mac);
    out.u16(originalId);
    out.u16(error);
    out.u16(otherData.length);
    out.bytes(otherData);
  }

  @Override
  public String toText() {
    return algorithm + " " + timeSigned + " " + fudge + " " + mac.length + " "
        + Base64.getEncoder().encodeToString(mac) + " " + originalId + " " + Rcode.toText(error)
        + " " + otherData.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TsigRData t && t.algorithm.equals(algorithm) && t.timeSigned == timeSigned
        && t.fudge == fudge && Arrays.equals(t.mac, mac) && t.originalId == originalId
        && t.error == error && Arrays.equals(t.otherData, otherData);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(mac);
  }
}
