package org.minternet.mail.pop3;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.minternet.core.line.ProtocolException;
import org.minternet.mail.auth.AuthThrottle;
import org.minternet.mail.store.MailUser;
import org.minternet.mail.store.Mailbox;

/** Entering the TRANSACTION state (RFC 1939 §4): lock the maildrop and take its snapshot. */
final class Login {
  private Login() {}

  static void complete(Pop3Session s, MailUser user) throws IOException, ProtocolException {
    if (!s.locks.tryLock(user.id(), s)) {
      throw Pop3Reply.err("IN-USE", "Maildrop already locked by another session").error();
    }
    try {
      Mailbox inbox = s.config.store().mailboxes().get(user.id(), "INBOX")
          .orElseThrow(() -> Pop3Reply.err("SYS/PERM", "No INBOX").error());
      s.maildrop = new Maildrop(inbox, s.config.store().messages().list(inbox.id()));
    } catch (ProtocolException | RuntimeException e) {
      s.locks.unlock(user.id(), s);
      throw e;
    }
    s.user = user;
    s.state(Pop3State.TRANSACTION);
    s.reply(Pop3Reply.ok(user.address() + "'s maildrop has " + s.maildrop.size() + " messages ("
        + s.maildrop.liveOctets() + " octets)"));
  }

  /**
   * Runs one credential check through the host's failed-login throttle; a wrong password is
   * {@code -ERR [AUTH]}, an address over the throttle's ceiling {@code -ERR [SYS/TEMP]} (RFC 3206
   * §4: the client should try again later rather than ask the user for another password).
   */
  static MailUser authenticate(Pop3Session s, Supplier<Optional<MailUser>> check)
      throws ProtocolException, InterruptedIOException {
    try {
      return s.throttle.attempt(s.connection().remoteAddress().getAddress(), check).orElseThrow(Login::failed);
    } catch (AuthThrottle.Refused e) {
      throw throttled();
    }
  }

  static ProtocolException throttled() {
    return Pop3Reply.err("SYS/TEMP", "Too many failed logins from your address, try again later").error();
  }

  static ProtocolException failed() {
    return Pop3Reply.err("AUTH", "Authentication failed").error();
  }

  static void requirePlaintextAllowed(Pop3Session s) throws ProtocolException {
    if (!s.plaintextAllowed()) throw Pop3Reply.err("AUTH", "Plaintext authentication requires TLS (use STLS)").error();
  }

  /** A message number argument (RFC 1939 §3: a decimal number, 1-based). */
  static int number(String arg) throws ProtocolException {
    if (!arg.matches("[0-9]{1,9}")) throw Pop3Reply.err("Invalid message number").error();
    return Integer.parseInt(arg);
  }
}
