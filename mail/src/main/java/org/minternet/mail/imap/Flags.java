package org.minternet.mail.imap;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.minternet.mail.store.StoredFlags;

/** Message flags (RFC 9051 §2.3.2): the system flags in their canonical spelling, and keywords. */
final class Flags {
  static final String RECENT = StoredFlags.RECENT;
  static final String SEEN = "\\Seen";
  static final String DELETED = "\\Deleted";
  static final List<String> SYSTEM = List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft");

  private Flags() {}

  /** {@code \seen} becomes {@code \Seen}; unknown system flags are kept as written. */
  static String canonicalSystemFlag(String flag) {
    for (String s : SYSTEM) if (s.equalsIgnoreCase(flag)) return s;
    if (RECENT.equalsIgnoreCase(flag)) return RECENT;
    return flag;
  }

  /** The flags as the client sees them: without the stored recent marker. */
  static Set<String> visible(Set<String> stored) {
    return StoredFlags.visible(stored);
  }

  /** {@code (\Seen $Label)}, with \Recent added when the session owns the message as recent. */
  static String format(Set<String> flags, boolean recent) {
    StringBuilder sb = new StringBuilder("(");
    for (String f : new TreeSet<>(flags)) {
      if (f.equals(RECENT)) continue;
      if (sb.length() > 1) sb.append(' ');
      sb.append(f);
    }
    if (recent) sb.append(sb.length() > 1 ? " " : "").append(RECENT);
    return sb.append(')').toString();
  }

  /** Keyword matching is case-insensitive (RFC 9051 §2.3.2). */
  static boolean has(Set<String> flags, String flag) {
    for (String f : flags) if (f.equalsIgnoreCase(flag)) return true;
    return false;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
