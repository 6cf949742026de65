package org.minternet.dns.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** CAA: certification authority authorization (RFC 8659). */
public record CaaRData(int flags, String tag, byte[] value) implements RData {
  static CaaRData read(DnsInput in, int length) throws WireFormatException {
    int flags = in.u8();
    int tagLength = in.u8();
    if (tagLength == 0) throw new WireFormatException("empty CAA tag");
    String tag = new String(in.bytes(tagLength), StandardCharsets.ISO_8859_1);
    return new CaaRData(flags, tag, in.bytes(in.remaining()));
  }

  static CaaRData parse(TextInput in) throws WireFormatException {
    int flags = in.u8("flags");
    String tag = in.token("tag");
    if (tag.isEmpty() || tag.length() > 255 || !tag.matches("[A-Za-z0-9]+")) {
      throw new WireFormatException("bad CAA tag: " + tag);
    }
    byte[] value = TextInput.unescape(in.token("value"));
    return new CaaRData(flags, tag, value);
  }

  @Override
  public int type() {
    return RrTypes.CAA;
  }

  @Override
  public void write(DnsOutput out) {
    out.u8(flags);
    byte[] t = tag.getBytes(StandardCharsets.ISO_8859_1);
    out.u8(t.length);
    out.bytes(t);
    out.bytes(value);
  }

  @Override
  public String toText() {
    return flags + " " + tag + " " + TextInput.quote(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CaaRData c && c.flags == flags && c.tag.equalsIgnoreCase(tag)
        && Arrays.equals(c.value, value);
  }

  @Override
  public int hashCode() {
    return flags * 31 + tag.toLowerCase().hashCode() * 17 + Arrays.hashCode(value);
  }
}
