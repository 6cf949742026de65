package org.minternet.mail.pop3;

import java.util.ArrayList;
import java.util.List;
import org.minternet.core.line.ProtocolException;
import org.minternet.core.line.Reply;

/**
 * A POP3 reply (RFC 1939 §3): {@code +OK} or {@code -ERR} with an optional response code of
 * RFC 2449 §8 ({@code [IN-USE]}, {@code [AUTH]}, {@code [SYS/TEMP]}), and for multi-line replies the
 * body lines, dot-stuffed and terminated by a lone dot.
 */
record Pop3Reply(boolean ok, String code, String text, List<String> body, boolean closesConnection) implements Reply {
  static Pop3Reply ok(String text) {
    return new Pop3Reply(true, null, text, null, false);
  }

  static Pop3Reply multi(String text, List<String> body) {
    return new Pop3Reply(true, null, text, List.copyOf(body), false);
  }

  static Pop3Reply err(String text) {
    return new Pop3Reply(false, null, text, null, false);
  }

  static Pop3Reply err(String code, String text) {
    return new Pop3Reply(false, code, text, null, false);
  }

  Pop3Reply closing() {
    return new Pop3Reply(ok, code, text, body, true);
  }

  ProtocolException error() {
    return new ProtocolException(this);
  }

  @Override
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    String first = (ok ? "+OK" : "-ERR") + (code == null ? "" : " [" + code + "]") + (text.isEmpty() ? "" : " " + text);
    out.add(first);
    if (body != null) {
      for (String l : body) out.add(l.startsWith(".") ? "." + l : l);
      out.add(".");
    }
    return out;
  }
}
