package org.minternet.mail.smtp;

import org.minternet.core.line.Command;

/** NOOP (RFC 5321 §4.1.1.9): the argument, if any, is ignored. */
final class NoopCommand implements Command<SmtpSession> {
  @Override
  public void execute(SmtpSession s, String args) throws java.io.IOException {
    s.reply(SmtpReply.of(250, "2.0.0", "OK"));
  }
}
