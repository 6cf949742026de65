package org.minternet.mail.imap;

/**
 * Mailbox names on the wire: decoding (modified UTF-7 unless UTF8=ACCEPT is enabled, RFC 9051
 * §5.1 and RFC 6855), INBOX case-insensitivity, and validation of names a client creates. The
 * hierarchy delimiter is {@code /}.
 */
final class MailboxNames {
  static final char DELIMITER = '/';
  static final int MAX_NAME = 255;
  static final int MAX_DEPTH = 20;

  private MailboxNames() {}

  /** The stored name of a mailbox the client named; throws BAD for malformed names. */
  static String decode(String raw, boolean utf8) throws ImapException {
    String name;
    if (utf8) {
      name = raw;
    } else {
      try {
        name = ModifiedUtf7.decode(raw);
      } catch (IllegalArgumentException e) {
        throw ImapException.bad("Invalid mailbox name (modified UTF-7): " + e.getMessage());
      }
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || c == 0xfffd) throw ImapException.bad("Invalid character in mailbox name");
    }
    if (name.length() > MAX_NAME) throw ImapException.bad("Mailbox name too long");
    if (name.equalsIgnoreCase("INBOX")) return "INBOX";
    if (name.regionMatches(true, 0, "INBOX/", 0, 6)) return "INBOX" + name.substring(5);
    return name;
  }

  /** The name as sent to the client. */
  static String encode(String name, boolean utf8) {
    return utf8 ? name : ModifiedUtf7.encode(name);
  }

  /** Checks a name for CREATE and RENAME: no empty levels, no wildcards, bounded depth. */
  static String validateNew(String name) throws ImapException {
    String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    if (n.isEmpty()) throw ImapException.no("CANNOT", "Empty mailbox name");
    if (n.startsWith("/") || n.contains("//")) throw ImapException.no("CANNOT", "Empty hierarchy level");
    if (n.indexOf('*') >= 0 || n.indexOf('%') >= 0) throw ImapException.no("CANNOT", "Wildcards in name");
    if (n.chars().filter(c -> c == DELIMITER).count() >= MAX_DEPTH) {
      throw ImapException.no("CANNOT", "Too many hierarchy levels");
    }
    return n;
  }

  /**
   * LIST pattern matching: {@code *} matches anything, {@code %} anything but the delimiter. A
   * table instead of backtracking, so a hostile pattern costs at most pattern × name steps.
   */
  static boolean matches(String pattern, String name) {
    String p = pattern;
    if (p.length() >= 5 && p.regionMatches(true, 0, "INBOX", 0, 5) && name.startsWith("INBOX")) {
      p = "INBOX" + p.substring(5);
    }
    int pl = p.length();
    int nl = name.length();
    boolean[] next = new boolean[nl + 1];
    boolean[] cur = new boolean[nl + 1];
    next[nl] = true; // empty pattern matches only the empty rest
    for (int i = pl - 1; i >= 0; i--) {
      char c = p.charAt(i);
      for (int j = nl; j >= 0; j--) {
        if (c == '*') cur[j] = next[j] || (j < nl && cur[j + 1]);
        else if (c == '%') cur[j] = next[j] || (j < nl && name.charAt(j) != DELIMITER && cur[j + 1]);
        else cur[j] = j < nl && name.charAt(j) == c && next[j + 1];
      }
      boolean[] t = next;
      next = cur;
      cur = t;
    }
    return next[0];
  }
}
