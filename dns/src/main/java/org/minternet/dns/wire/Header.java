package org.minternet.dns.wire;

/**
 * The fixed part of a message header (RFC 1035 §4.1.1, AD/CD from RFC 4035). {@code rcode} is
 * the full 12-bit code: its upper bits travel in the OPT record (RFC 6891 §6.1.3).
 */
public record Header(int id, boolean qr, int opcode, boolean aa, boolean tc, boolean rd,
    boolean ra, boolean ad, boolean cd, int rcode) {
  public static final int LENGTH = 12;

  public static Header query(int id, boolean rd) {
    return new Header(id, false, Opcode.QUERY, false, false, rd, false, false, false, 0);
  }

  /** The flags word (bits 16–31 of the header) with the low four bits of the rcode. */
  public int flags() {
    return (qr ? 0x8000 : 0) | (opcode & 0xf) << 11 | (aa ? 0x400 : 0) | (tc ? 0x200 : 0)
        | (rd ? 0x100 : 0) | (ra ? 0x80 : 0) | (ad ? 0x20 : 0) | (cd ? 0x10 : 0) | (rcode & 0xf);
  }

  static Header fromFlags(int id, int f) {
    return new Header(id, (f & 0x8000) != 0, (f >>> 11) & 0xf, (f & 0x400) != 0, (f & 0x200) != 0,
        (f & 0x100) != 0, (f & 0x80) != 0, (f & 0x20) != 0, (f & 0x10) != 0, f & 0xf);
  }

  public Header withId(int newId) {
    return new Header(newId, qr, opcode, aa, tc, rd, ra, ad, cd, rcode);
  }

  public Header withRcode(int newRcode) {
    return new Header(id, qr, opcode, aa, tc, rd, ra, ad, cd, newRcode);
  }

  public Header withTc(boolean truncated) {
    return new Header(id, qr, opcode, aa, truncated, rd, ra, ad, cd, rcode);
  }

  public Header withAa(boolean authoritative) {
    return new Header(id, qr, opcode, authoritative, tc, rd, ra, ad, cd, rcode);
  }

  public Header withRa(boolean available) {
    return new Header(id, qr, opcode, aa, tc, rd, available, ad, cd, rcode);
  }

  /** The header of a response to this query: same ID, opcode, RD and CD, QR set. */
  public Header response(int responseRcode) {
    return new Header(id, true, opcode, false, false, rd, false, false, cd, responseRcode);
  }

  /** dig-style flag list: {@code qr aa rd ra}. */
  public String flagText() {
    StringBuilder sb = new StringBuilder();
    if (qr) sb.append(" qr");
    if (aa) sb.append(" aa");
    if (tc) sb.append(" tc");
    if (rd) sb.append(" rd");
    if (ra) sb.append(" ra");
    if (ad) sb.append(" ad");
    if (cd) sb.append(" cd");
    return sb.length() == 0 ? "" : sb.substring(1);
  }
}
