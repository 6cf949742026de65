package org.minternet.mail.pop3;

import java.util.regex.Pattern;
import org.minternet.core.line.Command;
import org.minternet.core.line.ProtocolException;
import org.minternet.mail.store.MailUser;

/**
 * APOP (RFC 1939 §7): {@code APOP name digest}, the digest being MD5 of the greeting's timestamp
 * and the user's APOP secret. That secret is separate from the login password and optional (see
 * {@link org.minternet.mail.store.MailStore#setApopSecret}); users without one fail exactly like a
 * wrong digest. The name is the full address, as for USER and AUTH PLAIN.
 *
 * <p>Allowed without TLS, unlike USER/PASS: the secret itself never crosses the wire, which is
 * what APOP is for (RFC 2595 §2.3 restricts plaintext mechanisms only).
 */
final class ApopCommand implements Command<Pop3Session> {
  /** RFC 1939 §7: the digest is 16 octets in hexadecimal (lower case; upper case is tolerated). */
  private static final Pattern SYNTAX = Pattern.compile("(\\S{1,320}) ([0-9a-fA-F]{32})");

  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException, ProtocolException {
    s.pendingUser = null;
    var m = SYNTAX.matcher(args.trim());
    if (!m.matches()) throw Pop3Reply.err("Syntax: APOP name digest").error();
    MailUser u = Login.authenticate(s, () -> s.config.store().accounts().authenticateApop(m.group(1), s.timestamp, m.group(2)));
    Login.complete(s, u);
  }
}
