package org.minternet.dns.wire;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** OPT pseudo-record data: EDNS options (RFC 6891 §6.1.2). See {@link Edns} for the header. */
public record OptRData(List<Edns.Option> options) implements RData {
  public OptRData {
    options = List.copyOf(options);
  }

  static OptRData read(DnsInput in, int length) throws WireFormatException {
    List<Edns.Option> l = new ArrayList<>();
    while (in.remaining() > 0) {
      int code = in.u16();
      int len = in.u16();
      l.add(new Edns.Option(code, in.bytes(len)));
    }
    return new OptRData(l);
  }

  @Override
  public int type() {
    return RrTypes.OPT;
  }

  @Override
  public void write(DnsOutput out) {
    for (Edns.Option o : options) {
      out.u16(o.code());
      out.u16(o.data().length);
      out.bytes(o.data());
    }
  }

  @Override
  public String toText() {
    return options.stream().map(o -> o.code() + ":" + HexFormat.of().formatHex(o.data()))
        .collect(Collectors.joining(" "));
  }
}
