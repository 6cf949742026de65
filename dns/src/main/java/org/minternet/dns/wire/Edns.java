package org.minternet.dns.wire;

import java.util.Arrays;
import java.util.List;

/**
 * EDNS(0) information carried by the OPT pseudo-record (RFC 6891 §6.1.3): the requestor's UDP
 * payload size, the upper eight bits of the extended RCODE, the version, the DO bit and options.
 */
public record Edns(int udpPayload, int extendedRcode, int version, boolean dnssecOk,
    List<Option> options) {
  /** The payload size we advertise and accept at most (RFC 9715 / DNS flag day 2020). */
  public static final int DEFAULT_PAYLOAD = 1232;

  public Edns {
    options = List.copyOf(options);
  }

  public static Edns of(int udpPayload) {
    return new Edns(udpPayload, 0, 0, false, List.of());
  }

  /** One EDNS option. */
  public record Option(int code, byte[] data) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Option x && x.code == code && Arrays.equals(x.data, data);
    }

    @Override
    public int hashCode() {
      return code * 31 + Arrays.hashCode(data);
    }
  }

  Record toRecord() {
    long ttl = ((long) (extendedRcode & 0xff) << 24) | ((version & 0xff) << 16)
        | (dnssecOk ? 0x8000 : 0);
    return new Record(Name.ROOT, RrTypes.OPT, udpPayload, ttl, new OptRData(options));
  }

  static Edns fromRecord(Record r) throws WireFormatException {
    if (!r.name().isRoot()) throw new WireFormatException("OPT record not owned by the root");
    long ttl = r.ttl();
    OptRData opt = (OptRData) r.data();
    return new Edns(r.dnsClass(), (int) (ttl >>> 24) & 0xff, (int) (ttl >>> 16) & 0xff,
        (ttl & 0x8000) != 0, opt.options());
  }
}
