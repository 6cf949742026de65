package org.minternet.mail.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * AUTHENTICATE PLAIN (RFC 9051 §6.2.2, RFC 4616) with the initial response on the command line
 * (SASL-IR, RFC 4959) or after an empty continuation; {@code *} cancels.
 */
final class AuthenticateCommand implements ImapCommand {
  /** Longest SASL response line accepted. */
  static final int MAX_RESPONSE = 2048;

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
    if (!mechanism.equals("PLAIN")) throw ImapException.no("CANNOT", "Unsupported mechanism");
    if (!s.authAllowed()) throw ImapException.no("PRIVACYREQUIRED", "Use STARTTLS first");
    if (initial == null) {
      s.continuation("");
      initial = r.rawLine();
      if (initial == null) throw new java.io.EOFException();
    }
    if (initial.equals("*")) throw ImapException.bad("Authentication cancelled");
    if (initial.length() > MAX_RESPONSE) throw ImapException.bad("Response too long");
    byte[] decoded;
    try {
      decoded = initial.equals("=") ? new byte[0] : Base64.getDecoder().decode(initial.trim());
    } catch (IllegalArgumentException e) {
      throw ImapException.bad("Invalid base64");
    }
    String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
    if (parts.length != 3) throw ImapException.bad("Invalid PLAIN response");
    if (!parts[0].isEmpty() && !parts[0].equalsIgnoreCase(parts[1])) {
      throw ImapException.no("AUTHORIZATIONFAILED", "Cannot act as another user");
    }
    return LoginCommand.login(s, parts[1], parts[2]);
  }
}
