package org.minternet.dns.wire;

/**
 * A resource record (RFC 1035 §4.1.3). The TTL is unsigned 32-bit; for OPT the class field is
 * the UDP payload size and the TTL carries EDNS flags (see {@link Edns}).
 */
public record Record(Name name, int type, int dnsClass, long ttl, RData data) {
  public Record {
    if (data.type() != type && !(data instanceof UnknownRData)) {
      throw new IllegalArgumentException("data of type " + data.type() + " for type " + type);
    }
  }

  /** A record of class IN. */
  public static Record in(Name name, long ttl, RData data) {
    return new Record(name, data.type(), DnsClass.IN, ttl, data);
  }

  public Record withTtl(long newTtl) {
    return new Record(name, type, dnsClass, newTtl, data);
  }

  public Record withData(RData newData) {
    return new Record(name, type, dnsClass, ttl, newData);
  }

  public Record withName(Name newName) {
    return new Record(newName, type, dnsClass, ttl, data);
  }

  /** Reads one record; question-only contexts use {@link Question#read}. */
  public static Record read(DnsInput in) throws WireFormatException {
    Name name = Name.read(in);
    int type = in.u16();
    int cls = in.u16();
    long ttl = in.u32();
    int length = in.u16();
    int old = in.pushLimit(length);
    RData data = RrTypes.read(type, cls, in, length);
    if (in.remaining() != 0) throw new WireFormatException("RDATA longer than its contents");
    in.popLimit(old);
    return new Record(name, type, cls, ttl, data);
  }

  /** Writes the record, compressing the owner name. */
  public void write(DnsOutput out) {
    out.name(name, true);
    out.u16(type);
    out.u16(dnsClass);
    out.u32(ttl);
    int lengthAt = out.position();
    out.u16(0);
    data.write(out);
    out.u16At(lengthAt, out.position() - lengthAt - 2);
  }

  /** The record as one line of a zone file (or a dig answer section). */
  @Override
  public String toString() {
    return name + "\t" + ttl + "\t" + DnsClass.toText(dnsClass) + "\t" + RrTypes.toText(type)
        + "\t" + RrTypes.dataText(this);
  }
}
