package org.minternet.mail.smtp;

import org.minternet.core.line.Command;

/** HELO (RFC 5321 §4.1.1.1): the plain SMTP greeting, no extensions. */
final class HeloCommand implements Command<SmtpSession> {
  @Override
  public void execute(SmtpSession s, String args) throws SmtpReply.ProtocolError, java.io.IOException {
    s.clientName = clientName(args);
    s.extended = false;
    s.reset();
    s.state(SmtpState.GREETED);
    s.reply(SmtpReply.of(250, null, s.config.hostname()));
  }

  /** The domain or address literal the client names itself by. */
  static String clientName(String args) throws SmtpReply.ProtocolError {
    String name = args.trim();
    if (name.isEmpty()) throw SmtpReply.of(501, "5.5.4", "Syntax: EHLO domain-or-address").error();
    int space = name.indexOf(' ');
    if (space >= 0) name = name.substring(0, space);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 33 || c > 126) throw SmtpReply.of(501, "5.5.4", "Invalid domain name").error();
    }
    return name;
  }
}
