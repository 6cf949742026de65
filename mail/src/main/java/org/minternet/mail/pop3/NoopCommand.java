package org.minternet.mail.pop3;

import org.minternet.core.line.Command;

/** NOOP (RFC 1939 §5). */
final class NoopCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException {
    s.reply(Pop3Reply.ok(""));
  }
}
