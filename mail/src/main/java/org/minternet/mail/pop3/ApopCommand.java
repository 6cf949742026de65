package org.minternet.mail.pop3;

import org.minternet.core.line.Command;
import org.minternet.core.line.ProtocolException;

/**
 * APOP (RFC 1939 §7) needs the plaintext password on the server to compute the MD5 digest; the
 * store keeps only slow KDF hashes, so APOP is refused (and the greeting carries no timestamp,
 * which tells clients not to try it).
 */
final class ApopCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws ProtocolException {
    throw Pop3Reply.err("AUTH", "APOP not supported; use USER/PASS or AUTH PLAIN over TLS").error();
  }
}
