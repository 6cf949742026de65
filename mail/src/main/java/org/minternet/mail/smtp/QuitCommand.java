package org.minternet.mail.smtp;

import org.minternet.core.line.Command;

/** QUIT (RFC 5321 §4.1.1.10): 221 and close. */
final class QuitCommand implements Command<SmtpSession> {
  @Override
  public void execute(SmtpSession s, String args) throws SmtpReply.ProtocolError, java.io.IOException {
    if (!args.isEmpty()) throw SmtpReply.of(501, "5.5.4", "QUIT takes no arguments").error();
    s.reply(SmtpReply.closing(221, "2.0.0", s.config.hostname() + " closing connection"));
  }
}
