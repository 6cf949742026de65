package org.minternet.mail.pop3;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.minternet.core.line.Command;
import org.minternet.core.line.ProtocolException;
import org.minternet.core.sasl.SaslExchange;
import org.minternet.core.sasl.SaslStep;
import org.minternet.core.sasl.SaslText;
import org.minternet.mail.auth.MailSasl;
import org.minternet.mail.store.MailUser;

/** AUTH (RFC 5034) with core's PLAIN (RFC 4616), with or without an initial response. */
final class AuthCommand implements Command<Pop3Session> {
  static final int MAX_RESPONSE = 2048;
  /** The SASL mechanisms offered (CAPA's SASL line). */
  static final String[] MECHANISMS = {"PLAIN"};

  @Override
  public void execute(Pop3Session s, String args) throws IOException, ProtocolException {
    String[] parts = args.trim().split(" ", 2);
    if (parts[0].isEmpty()) throw Pop3Reply.err("Syntax: AUTH mechanism [initial-response]").error();
    SaslExchange<MailUser> exchange = MailSasl.forClient(s.config.store(), s.throttle,
            s.connection().remoteAddress().getAddress(), MECHANISMS).start(parts[0])
        .orElseThrow(() -> Pop3Reply.err("Unsupported mechanism").error());
    Login.requirePlaintextAllowed(s);
    SaslStep<MailUser> step = exchange.evaluate(parts.length > 1 ? decode(parts[1]) : null);
    while (step instanceof SaslStep.Challenge<MailUser> c) {
      s.connection().writeLine("+ " + SaslText.encodeBase64(c.data()));
      s.connection().flush();
      String line = s.connection().reader().readLine(MAX_RESPONSE, StandardCharsets.US_ASCII);
      if (line == null) throw new EOFException("end of stream in AUTH");
      step = exchange.evaluate(decode(line));
    }
    if (step instanceof SaslStep.Success<MailUser> ok) {
      Login.complete(s, ok.account());
      return;
    }
    throw switch (((SaslStep.Failure<MailUser>) step).reason()) {
      case MALFORMED -> Pop3Reply.err("Malformed PLAIN response").error();
      case TEMPORARY_FAILURE -> Login.throttled();
      case INVALID_CREDENTIALS, AUTHORIZATION_REFUSED, CHANNEL_BINDING -> Login.failed();
    };
  }

  private static byte[] decode(String line) throws ProtocolException {
    if (line.trim().equals(SaslText.CANCEL)) throw Pop3Reply.err("Authentication cancelled").error();
    try {
      return SaslText.decodeBase64(line);
    } catch (IllegalArgumentException e) {
      throw Pop3Reply.err("Invalid base64").error();
    }
  }
}
