package org.minternet.mail.pop3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.minternet.core.line.Command;
import org.minternet.core.line.ProtocolException;

/**
 * RETR msg (RFC 1939 §7): the exact stored bytes, dot-stuffed, with CRLF line ends, then the
 * terminating dot. Also serves TOP through {@link #send}.
 */
final class RetrCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws IOException, ProtocolException {
    int n = Login.number(args.trim());
    Maildrop.Entry e = s.maildrop.get(n);
    byte[] content = s.config.store().messages().content(s.maildrop.mailbox.id(), e.uid())
        .orElseThrow(() -> Pop3Reply.err("SYS/TEMP", "Message " + n + " was removed by another client").error());
    send(s, e.size() + " octets", content, -1);
  }

  /**
   * Sends a multi-line reply with message content; {@code bodyLines} >= 0 stops after the header
   * and that many body lines (TOP).
   */
  static void send(Pop3Session s, String text, byte[] content, int bodyLines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 64);
    out.writeBytes(("+OK " + text + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    boolean lineStart = true;
    boolean inBody = false;
    int lineLength = 0;
    int bodyCount = 0;
    for (int i = 0; i < content.length; i++) {
      if (lineStart && inBody && bodyLines >= 0 && bodyCount >= bodyLines) break;
      byte b = content[i];
      if (lineStart && b == '.') out.write('.');
      if (b == '\n' || (b == '\r' && (i + 1 >= content.length || content[i + 1] != '\n'))) {
        out.write('\r');
        out.write('\n');
        if (inBody) bodyCount++;
        if (!inBody && lineLength == 0) inBody = true; // the empty line ends the header
        lineStart = true;
        lineLength = 0;
        continue;
      }
      if (b == '\r') continue; // part of CRLF, written with the LF
      out.write(b);
      lineStart = false;
      lineLength++;
    }
    if (!lineStart) out.writeBytes(new byte[] {'\r', '\n'});
    out.writeBytes(new byte[] {'.', '\r', '\n'});
    s.connection().write(out.toByteArray());
    s.connection().flush();
    s.connection().transcript().sent(s.connection().service(), s.connection().peer(), "+OK " + text + " <content>");
  }
}
