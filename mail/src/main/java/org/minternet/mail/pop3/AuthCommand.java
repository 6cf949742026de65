package org.minternet.mail.pop3;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.minternet.core.line.Command;
import org.minternet.core.line.ProtocolException;
import org.minternet.mail.store.MailUser;

/** AUTH PLAIN (RFC 5034, RFC 4616), with or without an initial response. */
final class AuthCommand implements Command<Pop3Session> {
  static final int MAX_RESPONSE = 2048;

  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException, ProtocolException {
    String[] parts = args.trim().split(" ", 2);
    if (parts[0].isEmpty()) throw Pop3Reply.err("Syntax: AUTH mechanism [initial-response]").error();
    if (!parts[0].toUpperCase(Locale.ROOT).equals("PLAIN")) throw Pop3Reply.err("Unsupported mechanism").error();
    Login.requirePlaintextAllowed(s);
    String response;
    if (parts.length > 1) {
      response = parts[1].trim();
    } else {
      s.connection().writeLine("+ ");
      s.connection().flush();
      response = s.connection().reader().readLine(MAX_RESPONSE, StandardCharsets.US_ASCII);
      if (response == null) throw new java.io.EOFException("end of stream in AUTH");
    }
    if (response.equals("*")) throw Pop3Reply.err("Authentication cancelled").error();
    if (response.equals("=")) response = "";
    String[] fields;
    try {
      fields = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8).split("\0", -1);
    } catch (IllegalArgumentException e) {
      throw Pop3Reply.err("Invalid base64").error();
    }
    if (fields.length != 3) throw Pop3Reply.err("Malformed PLAIN response").error();
    boolean mayActAs = fields[0].isEmpty() || fields[0].equalsIgnoreCase(fields[1]);
    MailUser u = Login.authenticate(s,
        () -> mayActAs ? s.config.store().authenticate(fields[1], fields[2]) : java.util.Optional.empty());
    Login.complete(s, u);
  }
}
