package org.minternet.core.line;

import java.util.List;

/**
 * A reply of a line protocol: the lines to send (without CRLF). Each protocol has its own
 * implementation (an SMTP reply with its code, a POP3 {@code +OK}/{@code -ERR}, an FTP reply).
 */
public interface Reply {
  List<String> lines();

  /** Whether the connection closes after this reply (e.g. SMTP 421, POP3 after QUIT). */
  default boolean closesConnection() {
    return false;
  }

  /** A reply of fixed lines. */
  static Reply of(String... lines) {
    return new Simple(List.of(lines), false);
  }

  /** A reply of fixed lines after which the connection closes. */
  static Reply closing(String... lines) {
    return new Simple(List.of(lines), true);
  }

  /** The plain implementation. */
  record Simple(List<String> lines, boolean closesConnection) implements Reply {}
}
