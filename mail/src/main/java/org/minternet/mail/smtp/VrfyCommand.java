package org.minternet.mail.smtp;

import org.minternet.core.line.Command;

/**
 * VRFY (RFC 5321 §3.5.3): answered with 252 for every argument, so that it cannot be used to
 * enumerate users (§7.3).
 */
final class VrfyCommand implements Command<SmtpSession> {
  @Override
  public void execute(SmtpSession s, String args) throws SmtpReply.ProtocolError, java.io.IOException {
    if (args.isBlank()) throw SmtpReply.of(501, "5.5.4", "Syntax: VRFY address").error();
    s.reply(SmtpReply.of(252, "2.5.2", "Cannot VRFY user, but will accept message and attempt delivery"));
  }
}
