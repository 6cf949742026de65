package org.minternet.dns.wire;

/** PTR: domain name pointer (RFC 1035 §3.3.12). */
public record PtrRData(Name target) implements RData {
  static PtrRData read(DnsInput in, int length) throws WireFormatException {
    return new PtrRData(Name.read(in));
  }

  static PtrRData parse(TextInput in) throws WireFormatException {
    return new PtrRData(in.name("target"));
  }

  @Override
  public int type() {
    return RrTypes.PTR;
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
