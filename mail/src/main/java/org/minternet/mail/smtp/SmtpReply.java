package org.minternet.mail.smtp;

import java.util.ArrayList;
import java.util.List;
import org.minternet.core.line.Reply;

/**
 * An SMTP reply (RFC 5321 §4.2): a three-digit code, an optional enhanced status code (RFC 3463,
 * sent as ENHANCEDSTATUSCODES, RFC 2034, requires) and one or more lines of text. Multi-line
 * replies use {@code code-text} on all lines but the last.
 */
public record SmtpReply(int code, String status, List<String> text, boolean closesConnection) implements Reply {
  public SmtpReply {
    if (code < 200 || code > 599) throw new IllegalArgumentException("code " + code);
    text = List.copyOf(text);
    if (text.isEmpty()) text = List.of("");
  }

  public static SmtpReply of(int code, String status, String text) {
    return new SmtpReply(code, status, List.of(text), false);
  }

  /** A reply after which the server closes the connection (221, 421). */
  public static SmtpReply closing(int code, String status, String text) {
    return new SmtpReply(code, status, List.of(text), true);
  }

  public static SmtpReply multi(int code, String status, List<String> lines) {
    return new SmtpReply(code, status, lines, false);
  }

  public boolean isPositive() {
    return code < 400;
  }

  public ProtocolError error() {
    return new ProtocolError(this);
  }

  @Override
  public List<String> lines() {
    List<String> out = new ArrayList<>(text.size());
    for (int i = 0; i < text.size(); i++) {
      String sep = i == text.size() - 1 ? " " : "-";
      String t = text.get(i);
      // RFC 2034 §4: the enhanced code prefixes the text of every line
      out.add(code + sep + (status == null ? t : t.isEmpty() ? status : status + " " + t));
    }
    return out;
  }

  /** The typed error that carries this reply to the command loop. */
  public static final class ProtocolError extends org.minternet.core.line.ProtocolException {
    ProtocolError(SmtpReply reply) {
      super(reply);
    }
  }
}
