package org.minternet.mail.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.minternet.core.line.Command;
import org.minternet.mail.auth.AuthThrottle;
import org.minternet.mail.store.MailUser;

/**
 * AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms, optionally with an initial
 * response. Only over TLS unless the configuration allows otherwise (§4: 538 5.7.11).
 */
final class AuthCommand implements Command<SmtpSession> {
  /** Longest SASL response line accepted. */
  static final int MAX_RESPONSE = 2048;

  @Override
  public void execute(SmtpSession s, String args) throws SmtpReply.ProtocolError, IOException {
    if (s.user != null) throw SmtpReply.of(503, "5.5.1", "Already authenticated").error();
    if (!s.connection().isSecure() && !s.config.allowInsecureAuth()) {
      throw SmtpReply.of(538, "5.7.11", "Encryption required for requested authentication mechanism").error();
    }
    String[] parts = args.trim().split(" ", 2);
    String mechanism = parts[0].toUpperCase(Locale.ROOT);
    String initial = parts.length > 1 ? parts[1].trim() : null;
    Credentials credentials = switch (mechanism) {
      case "PLAIN" -> plain(s, initial);
      case "LOGIN" -> login(s, initial);
      case "" -> throw SmtpReply.of(501, "5.5.4", "Syntax: AUTH mechanism").error();
      default -> throw SmtpReply.of(504, "5.5.4", "Unrecognized authentication type").error();
    };
    Optional<MailUser> user;
    try {
      user = s.throttle.attempt(s.connection().remoteAddress().getAddress(), () -> credentials.mayActAs()
          ? s.config.store().authenticate(credentials.user(), credentials.password()) : Optional.empty());
    } catch (AuthThrottle.Refused e) {
      // RFC 4954 §6: a temporary failure, so that the client does not ask the user for another password
      throw SmtpReply.of(454, "4.7.0", "Temporary authentication failure: too many failures from your address,"
          + " try again later").error();
    }
    if (user.isEmpty()) throw SmtpReply.of(535, "5.7.8", "Authentication credentials invalid").error();
    s.user = user.get();
    s.reply(SmtpReply.of(235, "2.7.0", "Authentication successful"));
  }

  /** What the client sent: the user, the password and whether it may act as the authorization identity. */
  private record Credentials(String user, String password, boolean mayActAs) {}

  private static Credentials plain(SmtpSession s, String initial) throws SmtpReply.ProtocolError, IOException {
    String response = initial != null ? initial : challenge(s, "");
    if (response.equals("=")) response = "";
    byte[] decoded = decode(response);
    String text = new String(decoded, StandardCharsets.UTF_8);
    String[] fields = text.split("\0", -1);
    if (fields.length != 3) throw SmtpReply.of(501, "5.5.2", "Malformed PLAIN response").error();
    String authzid = fields[0];
    String authcid = fields[1];
    return new Credentials(authcid, fields[2], authzid.isEmpty() || authzid.equalsIgnoreCase(authcid));
  }

  private static Credentials login(SmtpSession s, String initial) throws SmtpReply.ProtocolError, IOException {
    String userB64 = initial != null ? initial : challenge(s, "VXNlcm5hbWU6");
    String user = new String(decode(userB64), StandardCharsets.UTF_8);
    String password = new String(decode(challenge(s, "UGFzc3dvcmQ6")), StandardCharsets.UTF_8);
    return new Credentials(user, password, true);
  }

  private static String challenge(SmtpSession s, String data) throws SmtpReply.ProtocolError, IOException {
    s.reply(SmtpReply.of(334, null, data));
    String line = s.connection().reader().readLine(MAX_RESPONSE, StandardCharsets.US_ASCII);
    if (line == null) throw new java.io.EOFException("end of stream in AUTH");
    s.connection().transcript().received(s.connection().service(), s.connection().peer(), "<SASL response>");
    if (line.equals("*")) throw SmtpReply.of(501, "5.0.0", "Authentication cancelled").error();
    return line;
  }

  private static byte[] decode(String b64) throws SmtpReply.ProtocolError {
    try {
      return Base64.getDecoder().decode(b64.trim());
    } catch (IllegalArgumentException e) {
      throw SmtpReply.of(501, "5.5.2", "Cannot decode response").error();
    }
  }
}
