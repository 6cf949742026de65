package org.minternet.mail.pop3;

import org.minternet.core.line.Command;
import org.minternet.core.line.ProtocolException;

/** DELE msg (RFC 1939 §5): marks the message; it is removed only at QUIT. */
final class DeleCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException, ProtocolException {
    int n = Login.number(args.trim());
    s.maildrop.get(n);
    s.maildrop.delete(n);
    s.reply(Pop3Reply.ok("Message " + n + " deleted"));
  }
}
