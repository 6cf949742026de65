package org.minternet.mail.pop3;

import org.minternet.core.line.Command;

/** STAT (RFC 1939 §5): count and octets of the messages not marked deleted. */
final class StatCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException {
    s.reply(Pop3Reply.ok(s.maildrop.liveCount() + " " + s.maildrop.liveOctets()));
  }
}
