package org.minternet.dns.wire;

/** NS: name server (RFC 1035 §3.3.11). */
public record NsRData(Name target) implements RData {
  static NsRData read(DnsInput in, int length) throws WireFormatException {
    return new NsRData(Name.read(in));
  }

  static NsRData parse(TextInput in) throws WireFormatException {
    return new NsRData(in.name("target"));
  }

  @Override
  public int type() {
    return RrTypes.NS;
  }

  @Override
  public void write(DnsOutput out) {
    out.name(target, true);
  }

  @Override
  public String toText() {
    return target.toString();
  }
}
