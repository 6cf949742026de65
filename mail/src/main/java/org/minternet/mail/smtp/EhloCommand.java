package org.minternet.mail.smtp;

import java.util.ArrayList;
import java.util.List;
import org.minternet.core.line.Command;

/** EHLO (RFC 5321 §4.1.1.1): greets, resets the transaction, and lists the extensions. */
final class EhloCommand implements Command<SmtpSession> {
  @Override
  public void execute(SmtpSession s, String args) throws SmtpReply.ProtocolError, java.io.IOException {
    String name = HeloCommand.clientName(args);
    s.clientName = name;
    s.extended = true;
    s.reset();
    s.state(SmtpState.GREETED);
    List<String> lines = new ArrayList<>();
    lines.add(s.config.hostname() + " greets " + name);
    lines.add("PIPELINING");
    lines.add("8BITMIME");
    lines.add("SIZE " + s.config.maxMessageSize());
    lines.add("ENHANCEDSTATUSCODES");
    if (s.tlsAvailable()) lines.add("STARTTLS");
    if (s.authAvailable()) lines.add("AUTH " + String.join(" ", AuthCommand.MECHANISMS));
    lines.add("SMTPUTF8");
    lines.add("DSN");
    lines.add("CHUNKING");
    lines.add("HELP");
    s.reply(SmtpReply.multi(250, null, lines));
  }
}
