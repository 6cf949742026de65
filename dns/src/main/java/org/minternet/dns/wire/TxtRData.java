package org.minternet.dns.wire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** TXT: one or more character-strings (RFC 1035 §3.3.14). */
public record TxtRData(List<byte[]> strings) implements RData {
  public TxtRData {
    strings = List.copyOf(strings);
  }

  /** A TXT record from text strings (UTF-8). */
  public static TxtRData of(String... texts) {
    List<byte[]> l = new ArrayList<>();
    for (String t : texts) l.add(t.getBytes(StandardCharsets.UTF_8));
    return new TxtRData(l);
  }

  static TxtRData read(DnsInput in, int length) throws WireFormatException {
    List<byte[]> l = new ArrayList<>();
    while (in.remaining() > 0) l.add(in.bytes(in.u8()));
    if (l.isEmpty()) throw new WireFormatException("empty TXT record");
    return new TxtRData(l);
  }

  static TxtRData parse(TextInput in) throws WireFormatException {
    List<byte[]> l = new ArrayList<>();
    while (in.hasMore()) l.add(in.characterString("TXT string"));
    if (l.isEmpty()) throw new WireFormatException("missing TXT string");
    return new TxtRData(l);
  }

  /** The strings joined, decoded as UTF-8 (for SPF-style use). */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (byte[] s : strings) sb.append(new String(s, StandardCharsets.UTF_8));
    return sb.toString();
  }

  @Override
  public int type() {
    return RrTypes.TXT;
  }

  @Override
  public void write(DnsOutput out) {
    for (byte[] s : strings) {
      out.u8(s.length);
      out.bytes(s);
    }
  }

  @Override
  public String toText() {
    return strings.stream().map(TextInput::quote).collect(Collectors.joining(" "));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TxtRData t) || t.strings.size() != strings.size()) return false;
    for (int i = 0; i < strings.size(); i++) {
      if (!java.util.Arrays.equals(strings.get(i), t.strings.get(i))) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (byte[] s : strings) h = 31 * h + java.util.Arrays.hashCode(s);
    return h;
  }
}
