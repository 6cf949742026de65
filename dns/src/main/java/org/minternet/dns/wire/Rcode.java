package org.minternet.dns.wire;

/** Response codes (RFC 1035 §4.1.1, RFC 2136, RFC 6891, RFC 8945). */
public final class Rcode {
  public static final int NOERROR = 0;
  public static final int FORMERR = 1;
  public static final int SERVFAIL = 2;
  public static final int NXDOMAIN = 3;
  public static final int NOTIMP = 4;
  public static final int REFUSED = 5;
  public static final int YXDOMAIN = 6;
  public static final int YXRRSET = 7;
  public static final int NXRRSET = 8;
  public static final int NOTAUTH = 9;
  public static final int NOTZONE = 10;
  public static final int BADVERS = 16;
  /** In TSIG error fields (RFC 8945 §5.3). */
  public static final int BADSIG = 16;
  public static final int BADKEY = 17;
  public static final int BADTIME = 18;

  private static final String[] NAMES = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
      "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};

  private Rcode() {}

  public static String toText(int rcode) {
    if (rcode >= 0 && rcode < NAMES.length) return NAMES[rcode];
    if (rcode == BADVERS) return "BADVERS";
    return "RESERVED" + rcode;
  }
}
