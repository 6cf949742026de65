package org.minternet.dns.wire;

/** SRV: location of a service (RFC 2782); the target is never compressed. */
public record SrvRData(int priority, int weight, int port, Name target) implements RData {
  static SrvRData read(DnsInput in, int length) throws WireFormatException {
    return new SrvRData(in.u16(), in.u16(), in.u16(), Name.read(in));
  }

  static SrvRData parse(TextInput in) throws WireFormatException {
    return new SrvRData(in.u16("priority"), in.u16("weight"), in.u16("port"), in.name("target"));
  }

  @Override
  public int type() {
    return RrTypes.SRV;
  }

  @Override
  public void write(DnsOutput out) {
    out.u16(priority);
    out.u16(weight);
    out.u16(port);
    out.name(target, false);
  }

  @Override
  public String toText() {
    return priority + " " + weight + " " + port + " " + target;
  }
}
