package org.minternet.mail.smtp;

import org.minternet.core.line.Command;

/** RSET (RFC 5321 §4.1.1.5): aborts the mail transaction. */
final class RsetCommand implements Command<SmtpSession> {
  @Override
  public void execute(SmtpSession s, String args) throws SmtpReply.ProtocolError, java.io.IOException {
    if (!args.isEmpty()) throw SmtpReply.of(501, "5.5.4", "RSET takes no arguments").error();
    s.reset();
    s.reply(SmtpReply.of(250, "2.0.0", "OK"));
  }
}
