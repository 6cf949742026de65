package org.minternet.mail.pop3;

import org.minternet.core.line.LineSession;
import org.minternet.core.net.Connection;
import org.minternet.mail.auth.AuthThrottle;
import org.minternet.mail.store.MailUser;

/**
 * One POP3 conversation: the greeting's APOP timestamp, the pending USER name, the authenticated
 * user and the maildrop.
 */
final class Pop3Session extends LineSession<Pop3State> {
  final Pop3Config config;
  final MaildropLocks locks;
  final AuthThrottle throttle;
  /** The {@code <process-id.clock@hostname>} of this session's greeting (RFC 1939 §7). */
  final String timestamp;
  String pendingUser;
  MailUser user;
  Maildrop maildrop;

  Pop3Session(Connection connection, Pop3Config config, MaildropLocks locks, String timestamp, AuthThrottle throttle) {
    super(connection, Pop3State.AUTHORIZATION);
    this.config = config;
    this.locks = locks;
    this.timestamp = timestamp;
    this.throttle = throttle;
  }

  boolean plaintextAllowed() {
    return connection().isSecure() || config.allowInsecureAuth();
  }
}
