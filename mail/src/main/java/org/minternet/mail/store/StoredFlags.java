package org.minternet.mail.store;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Message flags as the store keeps them: one column, the flags sorted and space-separated, with
 * the {@code \Recent} marker of a message no session has seen yet (RFC 3501 §2.3.2) among them.
 */
public final class StoredFlags {
  /** The marker of a newly arrived message, taken off by the first session that sees it. */
  public static final String RECENT = "\\Recent";

  private StoredFlags() {}

  /** The flags as a client sees them: without the recent marker. */
  public static Set<String> visible(Set<String> stored) {
    if (!stored.contains(RECENT)) return stored;
    Set<String> out = new TreeSet<>(stored);
    out.remove(RECENT);
    return Set.copyOf(out);
  }

  static String encode(Set<String> flags) {
    return String.join(" ", new TreeSet<>(flags));
  }

  static Set<String> decode(String s) {
    if (s == null || s.isBlank()) return Set.of();
    return Set.copyOf(new LinkedHashSet<>(Arrays.asList(s.trim().split(" +"))));
  }
}
