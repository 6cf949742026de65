package org.minternet.mail.smtp;

import java.util.Locale;
import java.util.Map;
import org.minternet.core.line.Command;
import org.minternet.mail.message.DsnNotify;
import org.minternet.mail.store.Accounts;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.Recipient;

/**
 * RCPT TO (RFC 5321 §4.1.1.3) with NOTIFY and ORCPT (RFC 3461). Local recipients must exist
 * (550 5.1.1 otherwise); other domains are accepted only from clients that may relay (554 5.7.1).
 */
final class RcptCommand implements Command<SmtpSession> {
  @Override
  public void execute(SmtpSession s, String args) throws SmtpReply.ProtocolError, java.io.IOException {
    SmtpPath path = POSTMASTER.matcher(args).matches()
        ? new SmtpPath(postmaster(s), Map.of()) : SmtpPath.parse(args, "TO:", false);
    if (!s.extended && !path.parameters().isEmpty()) throw SmtpReply.of(555, "5.5.4", "Parameters need EHLO").error();
    DsnNotify notify = null;
    String orcpt = null;
    for (Map.Entry<String, String> p : path.parameters().entrySet()) {
      String v = p.getValue();
      switch (p.getKey()) {
        case "NOTIFY" -> {
          if (v == null) throw SmtpReply.of(501, "5.5.4", "Bad NOTIFY").error();
          try {
            notify = DsnNotify.parse(v);
          } catch (IllegalArgumentException e) {
            throw SmtpReply.of(501, "5.5.4", "Bad NOTIFY").error();
          }
        }
        case "ORCPT" -> {
          if (v == null || v.indexOf(';') <= 0 || v.length() > 500 || !Xtext.isValid(v.substring(v.indexOf(';') + 1))) {
            throw SmtpReply.of(501, "5.5.4", "Bad ORCPT").error();
          }
          orcpt = v;
        }
        default -> throw SmtpReply.of(555, "5.5.4", "Unsupported parameter " + p.getKey()).error();
      }
    }
    if (!path.isAscii() && !s.smtpUtf8) throw SmtpReply.of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8").error();
    if (s.recipients.size() >= s.config.maxRecipients()) {
      throw SmtpReply.of(452, "4.5.3", "Too many recipients").error();
    }
    String address = path.mailbox();
    Accounts.Route route = s.config.store().accounts().route(address);
    switch (route) {
      case LOCAL -> { }
      case UNKNOWN_LOCAL -> throw SmtpReply.of(550, "5.1.1", "No such user here").error();
      case REMOTE -> {
        if (!s.mayRelay()) throw SmtpReply.of(554, "5.7.1", "Relay access denied").error();
      }
    }
    s.recipients.add(new Recipient(address, notify, orcpt));
    s.state(SmtpState.RCPT);
    s.reply(SmtpReply.of(250, "2.1.5", "Recipient OK"));
  }

  /** RFC 5321 §4.5.1: {@code RCPT TO:<Postmaster>} without a domain must be accepted. */
  private static final java.util.regex.Pattern POSTMASTER =
      java.util.regex.Pattern.compile("(?i)TO: ?<postmaster>");

  private static String postmaster(SmtpSession s) {
    String host = s.config.hostname().toLowerCase(Locale.ROOT);
    java.util.List<String> domains = s.config.store().accounts().domains();
    for (String d : domains) if (host.equals(d) || host.endsWith("." + d)) return "postmaster@" + d;
    return "postmaster@" + (domains.isEmpty() ? host : domains.get(0));
  }
}
