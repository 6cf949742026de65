package org.minternet.dns.wire;

import java.util.Arrays;
import java.util.HexFormat;

/** Data of a type this codec does not know, kept unchanged (RFC 3597): {@code \# len hex}. */
public record UnknownRData(int type, byte[] data) implements RData {
  static UnknownRData read(int type, DnsInput in, int length) throws WireFormatException {
    return new UnknownRData(type, in.bytes(length));
  }

  /** Parses the generic form {@code \# length hex…} (RFC 3597 §5). */
  static byte[] parseGeneric(TextInput in) throws WireFormatException {
    String marker = in.token("\\#");
    if (!marker.equals("\\#")) throw new WireFormatException("expected \\# for generic data");
    int length = (int) in.number("data length", 0xffff);
    String hex = in.rest();
    byte[] data;
    try {
      data = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new WireFormatException("bad hex data");
    }
    if (data.length != length) {
      throw new WireFormatException("generic data length " + length + " but " + data.length
          + " octets given");
    }
    return data;
  }

  @Override
  public void write(DnsOutput out) {
    out.bytes(data);
  }

  @Override
  public String toText() {
    return generic(data);
  }

  static String generic(byte[] data) {
    return "\\# " + data.length + (data.length > 0 ? " " + HexFormat.of().formatHex(data) : "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownRData u && u.type == type && Arrays.equals(u.data, data);
  }

  @Override
  public int hashCode() {
    return type * 31 + Arrays.hashCode(data);
  }
}
