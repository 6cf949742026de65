package org.minternet.dns.wire;

/** MX: a mail exchanger and its preference (RFC 1035 §3.3.9). */
public record MxRData(int preference, Name exchange) implements RData {
  static MxRData read(DnsInput in, int length) throws WireFormatException {
    return new MxRData(in.u16(), Name.read(in));
  }

  static MxRData parse(TextInput in) throws WireFormatException {
    return new MxRData(in.u16("preference"), in.name("exchange"));
  }

  @Override
  public int type() {
    return RrTypes.MX;
  }

  @Override
  public void write(DnsOutput out) {
    out.u16(preference);
    out.name(exchange, true);
  }

  @Override
  public String toText() {
    return preference + " " + exchange;
  }
}
