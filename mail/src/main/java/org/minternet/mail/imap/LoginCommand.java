package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.minternet.mail.auth.AuthThrottle;
import org.minternet.mail.store.MailUser;

/** LOGIN (RFC 9051 §6.2.3): refused without TLS unless the server allows plaintext logins. */
final class LoginCommand implements ImapCommand {
  @Override
  public Set<ImapState> states() {
    return NOT_AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.sp();
    String user = r.astring();
    r.sp();
    String password = r.astring();
    r.end();
    if (!s.authAllowed()) throw ImapException.no("PRIVACYREQUIRED", "Use STARTTLS first");
    return login(s, user, password);
  }

  static String login(ImapSession s, String user, String password) throws ImapException, IOException {
    Optional<MailUser> u;
    try {
      u = s.config().throttle().attempt(s.connection().remoteAddress().getAddress(),
          () -> s.mail().accounts().authenticate(user, password));
    } catch (AuthThrottle.Refused e) {
      s.authFailed();
      // RFC 5530 §3: a temporary failure, not a verdict on the credentials
      throw ImapException.no("UNAVAILABLE", "Too many failed logins from your address, try again later");
    }
    if (u.isEmpty()) {
      s.authFailed();
      throw ImapException.no("AUTHENTICATIONFAILED", "Invalid credentials");
    }
    return loggedIn(s, u.get());
  }

  /** Enters the authenticated state; the tagged OK's text. */
  static String loggedIn(ImapSession s, MailUser u) {
    s.loggedIn(u);
    return "[CAPABILITY " + s.capabilities() + "] Logged in";
  }
}
