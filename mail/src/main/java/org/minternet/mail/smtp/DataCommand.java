package org.minternet.mail.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.minternet.core.io.LineReader;
import org.minternet.core.io.LineTooLongException;
import org.minternet.core.io.MalformedLineException;
import org.minternet.core.line.Command;

/**
 * DATA (RFC 5321 §4.1.1.4): reads the content up to CRLF.CRLF, removing dot-stuffing (§4.5.2).
 *
 * <p>Only CRLF ends a line. A bare LF or a lone CR anywhere in the content is an error (§2.3.8):
 * the content is read up to the real CRLF.CRLF — a dot line counts as the end only when the line
 * before it ended in CRLF, so {@code <LF>.<CR><LF>}, {@code <LF>.<LF>} and {@code <CR>.<CR><LF>}
 * never end the data ("SMTP smuggling") — and the message is refused. A line over the limit
 * cannot be told apart from one ending in a bare LF, so after it the message is refused and the
 * connection closed: nothing read after an ambiguous end is ever run as a command. Content beyond
 * the SIZE limit is read and discarded, then refused with 552.
 */
final class DataCommand implements Command<SmtpSession> {
  /** Longest content line accepted (RFC 5321 §4.5.3.1.6 requires 1000 with the CRLF). */
  static final int MAX_DATA_LINE = 8190;

  @Override
  public void execute(SmtpSession s, String args) throws SmtpReply.ProtocolError, IOException {
    if (!args.isEmpty()) throw SmtpReply.of(501, "5.5.4", "DATA takes no arguments").error();
    s.reply(SmtpReply.of(354, null, "End data with <CR><LF>.<CR><LF>"));
    s.connection().deadline(s.config.dataTimeout());
    LineReader in = s.connection().reader();
    ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
    long max = s.config.maxMessageSize();
    long total = 0;
    boolean badLineEnd = false;
    boolean longLine = false;
    boolean afterCrlf = true; // the 354 reply counts as the CRLF before a first-line dot
    try {
      while (true) {
        byte[] line;
        try {
          line = in.readLineBytes(MAX_DATA_LINE);
        } catch (MalformedLineException e) {
          badLineEnd = true;
          afterCrlf = false;
          continue;
        } catch (LineTooLongException e) {
          if (!e.recovered()) {
            s.reply(SmtpReply.closing(500, "5.5.6", "Line too long; closing"));
            return;
          }
          longLine = true;
          continue;
        }
        if (line == null) throw new java.io.EOFException("end of stream in DATA");
        if (line.length == 1 && line[0] == '.' && afterCrlf) break;
        afterCrlf = true;
        int off = line.length > 0 && line[0] == '.' ? 1 : 0;
        total += line.length - off + 2;
        if (total <= max) {
          body.write(line, off, line.length - off);
          body.write('\r');
          body.write('\n');
        }
      }
    } finally {
      s.connection().clearDeadline();
    }
    s.connection().transcript().received(s.connection().service(), s.connection().peer(),
        "<message " + total + " bytes>");
    SmtpReply reply;
    if (longLine) {
      reply = SmtpReply.closing(500, "5.5.6", "Message line too long; closing connection");
    } else if (badLineEnd) {
      reply = SmtpReply.of(550, "5.6.11", "Bare CR or LF in message content is not allowed (RFC 5321 2.3.8)");
    } else if (total > max) {
      reply = SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
    } else {
      reply = MessageAcceptor.accept(s, body.toByteArray());
    }
    s.reset();
    s.reply(reply);
  }
}
