package org.minternet.dns.wire;

/** CNAME: canonical name (RFC 1035 §3.3.1). */
public record CnameRData(Name target) implements RData {
  static CnameRData read(DnsInput in, int length) throws WireFormatException {
    return new CnameRData(Name.read(in));
  }

  static CnameRData parse(TextInput in) throws WireFormatException {
    return new CnameRData(in.name("target"));
  }

  @Override
  public int type() {
    return RrTypes.CNAME;
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
