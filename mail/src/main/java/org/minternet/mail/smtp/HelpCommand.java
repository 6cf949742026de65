package org.minternet.mail.smtp;

import java.util.List;
import org.minternet.core.line.Command;

/** HELP (RFC 5321 §4.1.1.8). */
final class HelpCommand implements Command<SmtpSession> {
  private final List<String> verbs;

  HelpCommand(List<String> verbs) {
    this.verbs = verbs;
  }

  @Override
  public void execute(SmtpSession s, String args) throws java.io.IOException {
    s.reply(SmtpReply.multi(214, "2.0.0", List.of("Commands: " + String.join(" ", verbs),
        "See RFC 5321; report problems to postmaster")));
  }
}
