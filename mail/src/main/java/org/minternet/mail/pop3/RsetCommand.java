package org.minternet.mail.pop3;

import org.minternet.core.line.Command;

/** RSET (RFC 1939 §5): unmarks every deleted message. */
final class RsetCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException {
    s.maildrop.undeleteAll();
    s.reply(Pop3Reply.ok("Maildrop has " + s.maildrop.liveCount() + " messages (" + s.maildrop.liveOctets()
        + " octets)"));
  }
}
