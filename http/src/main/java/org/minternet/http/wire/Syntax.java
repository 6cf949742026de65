package org.minternet.http.wire;

/** Character classes of RFC 9110 §5.6 and RFC 9112. */
final class Syntax {
  private Syntax() {}

  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
    for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
    for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
  }

  static boolean isTchar(int c) {
    return c >= 0 && c < 128 && TCHAR[c];
  }

  /** token = 1*tchar */
  static boolean isToken(String s) {
    if (s.isEmpty()) return false;
    for (int i = 0; i < s.length(); i++) if (!isTchar(s.charAt(i))) return false;
    return true;
  }

  /** field-vchar / SP / HTAB; obs-text (0x80-0xFF) allowed; every other control is not. */
  static boolean isFieldValueByte(int b) {
    b &= 0xff;
    return b == '\t' || (b >= 0x20 && b != 0x7f);
  }

  /** Characters allowed in a request-target: visible ASCII, no spaces or controls. */
  static boolean isTargetByte(int b) {
    b &= 0xff;
    return b > 0x20 && b < 0x7f;
  }

  static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  static int hexValue(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
  }
}
