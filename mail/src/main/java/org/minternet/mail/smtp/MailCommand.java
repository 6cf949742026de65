package org.minternet.mail.smtp;

import java.util.Locale;
import java.util.Map;
import org.minternet.core.line.Command;

/**
 * MAIL FROM (RFC 5321 §4.1.1.2) with the parameters of SIZE (RFC 1870), BODY (RFC 6152),
 * SMTPUTF8 (RFC 6531), RET and ENVID (RFC 3461), AUTH (RFC 4954 §5).
 */
final class MailCommand implements Command<SmtpSession> {
  @Override
  public void execute(SmtpSession s, String args) throws SmtpReply.ProtocolError, java.io.IOException {
    if (s.service.requiresAuth() && s.user == null) {
      throw SmtpReply.of(530, "5.7.0", "Authentication required").error();
    }
    SmtpPath path = SmtpPath.parse(args, "FROM:", true);
    if (!s.extended && !path.parameters().isEmpty()) {
      throw SmtpReply.of(555, "5.5.4", "Parameters need EHLO").error();
    }
    boolean utf8 = false;
    String envid = null;
    String ret = null;
    for (Map.Entry<String, String> p : path.parameters().entrySet()) {
      String v = p.getValue();
      switch (p.getKey()) {
        case "SIZE" -> {
          long size;
          try {
            size = Long.parseLong(v == null ? "" : v);
          } catch (NumberFormatException e) {
            throw SmtpReply.of(501, "5.5.4", "Bad SIZE").error();
          }
          if (size > s.config.maxMessageSize()) {
            throw SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size").error();
          }
        }
        case "BODY" -> {
          String b = v == null ? "" : v.toUpperCase(Locale.ROOT);
          if (!b.equals("7BIT") && !b.equals("8BITMIME")) throw SmtpReply.of(555, "5.5.4", "Unsupported BODY").error();
        }
        case "SMTPUTF8" -> {
          if (v != null) throw SmtpReply.of(555, "5.5.4", "SMTPUTF8 takes no value").error();
          utf8 = true;
        }
        case "RET" -> {
          ret = v == null ? "" : v.toUpperCase(Locale.ROOT);
          if (!ret.equals("FULL") && !ret.equals("HDRS")) throw SmtpReply.of(501, "5.5.4", "Bad RET").error();
        }
        case "ENVID" -> {
          if (v == null || v.length() > 100 || !Xtext.isValid(v)) throw SmtpReply.of(501, "5.5.4", "Bad ENVID").error();
          envid = v;
        }
        case "AUTH" -> {
          // RFC 4954 §5: accepted and not trusted; the authenticated identity is our own record
        }
        default -> throw SmtpReply.of(555, "5.5.4", "Unsupported parameter " + p.getKey()).error();
      }
    }
    if (!path.isAscii() && !utf8) {
      throw SmtpReply.of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8").error();
    }
    if (s.user != null && s.service.requiresAuth() && !path.mailbox().isEmpty()
        && !path.mailbox().equalsIgnoreCase(s.user.address())) {
      throw SmtpReply.of(553, "5.7.1", "Sender address not owned by " + s.user.address()).error();
    }
    s.sender = path.mailbox();
    s.smtpUtf8 = utf8;
    s.envelopeId = envid;
    s.ret = ret;
    s.recipients.clear();
    s.state(SmtpState.MAIL);
    s.reply(SmtpReply.of(250, "2.1.0", "Sender OK"));
  }
}
