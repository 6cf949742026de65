package org.minternet.mail.imap;

import java.io.EOFException;
import java.io.IOException;
import java.util.Set;
import org.minternet.core.sasl.SaslExchange;
import org.minternet.core.sasl.SaslFailure;
import org.minternet.core.sasl.SaslStep;
import org.minternet.core.sasl.SaslText;
import org.minternet.mail.auth.MailSasl;
import org.minternet.mail.store.MailUser;

/**
 * AUTHENTICATE (RFC 9051 §6.2.2) with core's PLAIN (RFC 4616), the initial response on the
 * command line (SASL-IR, RFC 4959) or after an empty continuation; {@code *} cancels.
 */
final class AuthenticateCommand implements ImapCommand {
  /** Longest SASL response line accepted. */
  static final int MAX_RESPONSE = 2048;
  /** The SASL mechanisms offered (the CAPABILITY's AUTH= atoms). */
  static final String[] MECHANISMS = {"PLAIN"};

  @Override
  public Set<ImapState> states() {
    return NOT_AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.sp();
    String mechanism = r.keyword();
    String initial = null;
    if (r.consume(' ')) initial = r.token();
    r.end();
    SaslExchange<MailUser> exchange = MailSasl.forClient(s.mail(), s.config().throttle(),
            s.connection().remoteAddress().getAddress(), MECHANISMS).start(mechanism)
        .orElseThrow(() -> ImapException.no("CANNOT", "Unsupported mechanism"));
    if (!s.authAllowed()) throw ImapException.no("PRIVACYREQUIRED", "Use STARTTLS first");
    SaslStep<MailUser> step = exchange.evaluate(initial == null ? null : decode(initial));
    while (step instanceof SaslStep.Challenge<MailUser> c) {
      s.continuation(SaslText.encodeBase64(c.data()));
      String line = r.rawLine();
      if (line == null) throw new EOFException();
      step = exchange.evaluate(decode(line));
    }
    if (step instanceof SaslStep.Success<MailUser> ok) return LoginCommand.loggedIn(s, ok.account());
    SaslFailure reason = ((SaslStep.Failure<MailUser>) step).reason();
    if (reason != SaslFailure.MALFORMED && reason != SaslFailure.AUTHORIZATION_REFUSED) s.authFailed();
    throw switch (reason) {
      case MALFORMED -> ImapException.bad("Invalid PLAIN response");
      case AUTHORIZATION_REFUSED -> ImapException.no("AUTHORIZATIONFAILED", "Cannot act as another user");
      // RFC 5530 §3: a temporary failure, not a verdict on the credentials
      case TEMPORARY_FAILURE -> ImapException.no("UNAVAILABLE", "Too many failed logins from your address, try again later");
      case INVALID_CREDENTIALS, CHANNEL_BINDING -> ImapException.no("AUTHENTICATIONFAILED", "Invalid credentials");
    };
  }

  private static byte[] decode(String line) throws ImapException {
    if (line.equals(SaslText.CANCEL)) throw ImapException.bad("Authentication cancelled");
    if (line.length() > MAX_RESPONSE) throw ImapException.bad("Response too long");
    try {
      return SaslText.decodeBase64(line);
    } catch (IllegalArgumentException e) {
      throw ImapException.bad("Invalid base64");
    }
  }
}
