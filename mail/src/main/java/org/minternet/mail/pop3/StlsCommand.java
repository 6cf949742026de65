package org.minternet.mail.pop3;

import org.minternet.core.line.Command;
import org.minternet.core.line.ProtocolException;

/** STLS (RFC 2595 §4): TLS before authentication; pipelined clear-text bytes are discarded. */
final class StlsCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException, ProtocolException {
    if (s.connection().isSecure()) throw Pop3Reply.err("TLS already active").error();
    if (s.config.tls() == null) throw Pop3Reply.err("TLS not available").error();
    s.reply(Pop3Reply.ok("Begin TLS negotiation"));
    s.connection().startTls(s.config.tls(), false, null);
    s.pendingUser = null;
  }
}
