package org.minternet.mail.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds one response in wire form (RFC 9051 §4): atoms, numbers, NIL, strings written quoted
 * when they are short 7-bit text and as literals otherwise, and parenthesised lists. Spaces
 * between list items are added automatically.
 */
final class ImapResponse {
  /** Longest string written quoted; longer ones become literals. */
  static final int MAX_QUOTED = 1024;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
  private boolean needSpace;

  ImapResponse raw(String s) {
    space();
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    needSpace = true;
    return this;
  }

  ImapResponse number(long n) {
    return raw(Long.toString(n));
  }

  ImapResponse nil() {
    return raw("NIL");
  }

  ImapResponse open() {
    space();
    out.write('(');
    needSpace = false;
    return this;
  }

  ImapResponse close() {
    out.write(')');
    needSpace = true;
    return this;
  }

  ImapResponse nstring(String s) {
    return s == null ? nil() : string(s);
  }

  ImapResponse string(String s) {
    space();
    if (quotable(s)) {
      out.write('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') out.write('\\');
        out.write(c);
      }
      out.write('"');
      needSpace = true;
      return this;
    }
    needSpace = false;
    return literal(s.getBytes(StandardCharsets.UTF_8));
  }

  ImapResponse literal(byte[] data) {
    return literal(data, 0, data.length);
  }

  /**
   * A literal (RFC 9051 §4.3), which may carry any octet but NUL: a NUL in the data (a message
   * appended with literal8) is sent as 0x80, so that a client that did not ask for BINARY never
   * receives one; the length stays that of the stored octets.
   */
  ImapResponse literal(byte[] data, int off, int len) {
    space();
    out.writeBytes(("{" + len + "}\r\n").getBytes(StandardCharsets.US_ASCII));
    for (int i = off; i < off + len; i++) {
      if (data[i] != 0) continue;
      out.write(data, off, i - off);
      out.write(0x80);
      len -= i + 1 - off;
      off = i + 1;
    }
    out.write(data, off, len);
    needSpace = true;
    return this;
  }

  /** A literal8 (RFC 3516 §4.2): {@code ~{n}} and the octets as they are, NUL included. */
  ImapResponse literal8(byte[] data, int off, int len) {
    space();
    out.writeBytes(("~{" + len + "}\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data, off, len);
    needSpace = true;
    return this;
  }

  static boolean quotable(String s) {
    if (s.length() > MAX_QUOTED) return false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0 || c == '\r' || c == '\n' || c > 0x7e) return false;
    }
    return true;
  }

  private void space() {
    if (needSpace) out.write(' ');
    needSpace = false;
  }

  int size() {
    return out.size();
  }

  byte[] toBytes() {
    return out.toByteArray();
  }

  /** The response followed by CRLF. */
  byte[] line() {
    out.write('\r');
    out.write('\n');
    return out.toByteArray();
  }
}
