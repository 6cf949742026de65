package org.minternet.dns.wire;

/** Record classes (RFC 1035 §3.2.4, RFC 2136 §2.4 for NONE and ANY in UPDATE). */
public final class DnsClass {
  public static final int IN = 1;
  public static final int CH = 3;
  public static final int HS = 4;
  public static final int NONE = 254;
  public static final int ANY = 255;

  private DnsClass() {}

  public static String toText(int c) {
    return switch (c) {
      case IN -> "IN";
      case CH -> "CH";
      case HS -> "HS";
      case NONE -> "NONE";
      case ANY -> "ANY";
      default -> "CLASS" + c;
    };
  }

  /** The class for a mnemonic or {@code CLASSnn}; -1 when the text is not a class. */
  public static int fromText(String s) {
    String u = s.toUpperCase(java.util.Locale.ROOT);
    return switch (u) {
      case "IN" -> IN;
      case "CH" -> CH;
      case "HS" -> HS;
      case "NONE" -> NONE;
      case "ANY" -> ANY;
      default -> {
        if (u.startsWith("CLASS") && u.length() > 5 && u.substring(5).chars().allMatch(Character::isDigit)
            && u.length() <= 10) {
          int v = Integer.parseInt(u.substring(5));
          yield v <= 0xffff ? v : -1;
        }
        yield -1;
      }
    };
  }
}
