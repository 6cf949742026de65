package org.minternet.dns.wire;

/** An entry of the question section (RFC 1035 §4.1.2). */
public record Question(Name name, int type, int dnsClass) {
  public static Question in(Name name, int type) {
    return new Question(name, type, DnsClass.IN);
  }

  public static Question read(DnsInput in) throws WireFormatException {
    return new Question(Name.read(in), in.u16(), in.u16());
  }

  public void write(DnsOutput out) {
    out.name(name, true);
    out.u16(type);
    out.u16(dnsClass);
  }

  @Override
  public String toString() {
    return name + "\t\t" + DnsClass.toText(dnsClass) + "\t" + RrTypes.toText(type);
  }
}
