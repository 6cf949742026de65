package org.minternet.mail.pop3;

import org.minternet.core.line.Command;
import org.minternet.core.line.ProtocolException;
import org.minternet.mail.store.MailUser;

/** PASS (RFC 1939 §7): the password may contain spaces; the whole argument is the password. */
final class PassCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException, ProtocolException {
    Login.requirePlaintextAllowed(s);
    String user = s.pendingUser;
    s.pendingUser = null;
    if (user == null) throw Pop3Reply.err("Send USER first").error();
    MailUser u = Login.authenticate(s, () -> s.config.store().accounts().authenticate(user, args));
    Login.complete(s, u);
  }
}
