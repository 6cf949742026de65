package org.minternet.http.proxy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.minternet.http.wire.Headers;

/**
 * Removes the connection-specific fields a proxy must not forward (RFC 9110 §7.6.1): Connection
 * and every field it names, and the well-known hop-by-hop fields, plus the message framing fields
 * that the proxy sets again for its own connection.
 */
final class HopByHop {
  private HopByHop() {}

  private static final Set<String> FIELDS = Set.of("connection", "keep-alive",
      "proxy-connection", "proxy-authenticate", "proxy-authentication-info", "proxy-authorization", "te", "trailer",
      "transfer-encoding", "upgrade");

  /**
   * The end-to-end fields of {@code h}. Content-Length is kept: the writer of each side sets the
   * framing of its own message again, but a response to HEAD and a 304 keep the origin's value.
   */
  static Headers.Builder endToEnd(Headers h) {
    Set<String> named = new HashSet<>();
    for (String t : h.list("Connection")) named.add(t.toLowerCase(Locale.ROOT));
    Headers.Builder b = Headers.builder();
    for (Headers.Field f : h.fields()) {
      String n = f.name().toLowerCase(Locale.ROOT);
      if (FIELDS.contains(n) || named.contains(n)) continue;
      b.add(f.name(), f.value());
    }
    return b;
  }

  /** Appends this proxy to Via (RFC 9110 §7.6.3). */
  static void addVia(Headers.Builder b, String protocolVersion, String pseudonym) {
    String mine = protocolVersion + " " + pseudonym;
    String old = b.get("Via");
    if (old == null) {
      b.add("Via", mine);
    } else {
      StringBuilder all = new StringBuilder();
      Headers built = b.build();
      for (String v : built.all("Via")) {
        if (!all.isEmpty()) all.append(", ");
        all.append(v);
      }
      b.set("Via", all + ", " + mine);
    }
  }
}
