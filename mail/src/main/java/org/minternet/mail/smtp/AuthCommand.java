package org.minternet.mail.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.minternet.core.line.Command;
import org.minternet.core.sasl.SaslExchange;
import org.minternet.core.sasl.SaslStep;
import org.minternet.core.sasl.SaslText;
import org.minternet.mail.auth.MailSasl;
import org.minternet.mail.store.MailUser;

/**
 * AUTH (RFC 4954) with core's PLAIN (RFC 4616) and LOGIN mechanisms, optionally with an initial
 * response. Only over TLS unless the configuration allows otherwise (§4: 538 5.7.11).
 */
final class AuthCommand implements Command<SmtpSession> {
  /** Longest SASL response line accepted. */
  static final int MAX_RESPONSE = 2048;
  /** The SASL mechanisms offered, in EHLO's order. */
  static final String[] MECHANISMS = {"PLAIN", "LOGIN"};

  @Override
  public void execute(SmtpSession s, String args) throws SmtpReply.ProtocolError, IOException {
    if (s.user != null) throw SmtpReply.of(503, "5.5.1", "Already authenticated").error();
    if (!s.connection().isSecure() && !s.config.allowInsecureAuth()) {
      throw SmtpReply.of(538, "5.7.11", "Encryption required for requested authentication mechanism").error();
    }
    String[] parts = args.trim().split(" ", 2);
    String mechanism = parts[0].toUpperCase(Locale.ROOT);
    if (mechanism.isEmpty()) throw SmtpReply.of(501, "5.5.4", "Syntax: AUTH mechanism").error();
    SaslExchange<MailUser> exchange = MailSasl.forClient(s.config.store(), s.throttle,
            s.connection().remoteAddress().getAddress(), MECHANISMS).start(mechanism)
        .orElseThrow(() -> SmtpReply.of(504, "5.5.4", "Unrecognized authentication type").error());
    SaslStep<MailUser> step = exchange.evaluate(parts.length > 1 ? decode(parts[1]) : null);
    while (step instanceof SaslStep.Challenge<MailUser> c) {
      step = exchange.evaluate(decode(challenge(s, SaslText.encodeBase64(c.data()))));
    }
    if (step instanceof SaslStep.Success<MailUser> ok) {
      s.user = ok.account();
      s.reply(SmtpReply.of(235, "2.7.0", "Authentication successful"));
      return;
    }
    throw switch (((SaslStep.Failure<MailUser>) step).reason()) {
      case MALFORMED -> SmtpReply.of(501, "5.5.2", "Malformed " + mechanism + " response").error();
      // RFC 4954 §6: a temporary failure, so that the client does not ask the user for another password
      case TEMPORARY_FAILURE -> SmtpReply.of(454, "4.7.0", "Temporary authentication failure: too many failures"
          + " from your address, try again later").error();
      case INVALID_CREDENTIALS, AUTHORIZATION_REFUSED, CHANNEL_BINDING ->
          SmtpReply.of(535, "5.7.8", "Authentication credentials invalid").error();
    };
  }

  private static String challenge(SmtpSession s, String data) throws SmtpReply.ProtocolError, IOException {
    s.reply(SmtpReply.of(334, null, data));
    String line = s.connection().reader().readLine(MAX_RESPONSE, StandardCharsets.US_ASCII);
    if (line == null) throw new EOFException("end of stream in AUTH");
    s.connection().transcript().received(s.connection().service(), s.connection().peer(), "<SASL response>");
    if (line.equals(SaslText.CANCEL)) throw SmtpReply.of(501, "5.0.0", "Authentication cancelled").error();
    return line;
  }

  private static byte[] decode(String b64) throws SmtpReply.ProtocolError {
    try {
      return SaslText.decodeBase64(b64);
    } catch (IllegalArgumentException e) {
      throw SmtpReply.of(501, "5.5.2", "Cannot decode response").error();
    }
  }
}
