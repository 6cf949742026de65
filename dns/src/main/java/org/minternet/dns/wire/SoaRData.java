package org.minternet.dns.wire;

/** SOA: start of a zone of authority (RFC 1035 §3.3.13); the timers are in seconds. */
public record SoaRData(Name mname, Name rname, long serial, long refresh, long retry, long expire,
    long minimum) implements RData {
  static SoaRData read(DnsInput in, int length) throws WireFormatException {
    return new SoaRData(Name.read(in), Name.read(in), in.u32(), in.u32(), in.u32(), in.u32(),
        in.u32());
  }

  static SoaRData parse(TextInput in) throws WireFormatException {
    return new SoaRData(in.name("mname"), in.name("rname"), in.number("serial", 0xFFFFFFFFL),
        in.ttl("refresh"), in.ttl("retry"), in.ttl("expire"), in.ttl("minimum"));
  }

  /**
   * Whether serial {@code a} is newer than {@code b} in serial number arithmetic (RFC 1982 §3.2):
   * the 32-bit difference is positive and less than half the space.
   */
  public static boolean serialNewer(long a, long b) {
    long d = (a - b) & 0xFFFFFFFFL;
    return d != 0 && d < 0x80000000L;
  }

  /** The same SOA with another serial. */
  public SoaRData withSerial(long newSerial) {
    return new SoaRData(mname, rname, newSerial & 0xFFFFFFFFL, refresh, retry, expire, minimum);
  }

  @Override
  public int type() {
    return RrTypes.SOA;
  }

  @Override
  public void write(DnsOutput out) {
    out.name(mname, true);
    out.name(rname, true);
    out.u32(serial);
    out.u32(refresh);
    out.u32(retry);
    out.u32(expire);
    out.u32(minimum);
  }

  @Override
  public String toText() {
    return mname + " " + rname + " " + serial + " " + refresh + " " + retry + " " + expire + " "
        + minimum;
  }
}
