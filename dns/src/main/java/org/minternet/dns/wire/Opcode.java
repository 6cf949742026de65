package org.minternet.dns.wire;

/** Operation codes (RFC 1035 §4.1.1, RFC 1996 NOTIFY, RFC 2136 UPDATE). */
public final class Opcode {
  public static final int QUERY = 0;
  public static final int IQUERY = 1;
  public static final int STATUS = 2;
  public static final int NOTIFY = 4;
  public static final int UPDATE = 5;

  private Opcode() {}

  public static String toText(int opcode) {
    return switch (opcode) {
      case QUERY -> "QUERY";
      case IQUERY -> "IQUERY";
      case STATUS -> "STATUS";
      case NOTIFY -> "NOTIFY";
      case UPDATE -> "UPDATE";
      default -> "RESERVED" + opcode;
    };
  }
}
