package org.minternet.mail.pop3;

import org.minternet.core.line.Command;
import org.minternet.core.line.ProtocolException;

/** USER (RFC 1939 §7): remembers the name; PASS checks it, so no user enumeration here. */
final class UserCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException, ProtocolException {
    Login.requirePlaintextAllowed(s);
    if (args.isBlank() || args.length() > 320) throw Pop3Reply.err("Syntax: USER name").error();
    s.pendingUser = args.trim();
    s.reply(Pop3Reply.ok("Send PASS"));
  }
}
