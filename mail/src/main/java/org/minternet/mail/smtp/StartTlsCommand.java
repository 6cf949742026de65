package org.minternet.mail.smtp;

import org.minternet.core.line.Command;

/**
 * STARTTLS (RFC 3207): after 220 the TLS handshake; the session then starts over (§4.2) —
 * greeting, authentication and any clear-text bytes pipelined after the command are discarded.
 */
final class StartTlsCommand implements Command<SmtpSession> {
  @Override
  public void execute(SmtpSession s, String args) throws SmtpReply.ProtocolError, java.io.IOException {
    if (!args.isEmpty()) throw SmtpReply.of(501, "5.5.4", "STARTTLS takes no arguments").error();
    if (s.connection().isSecure()) throw SmtpReply.of(503, "5.5.1", "TLS already active").error();
    if (s.config.tls() == null) throw SmtpReply.of(454, "4.7.0", "TLS not available").error();
    s.reply(SmtpReply.of(220, "2.0.0", "Ready to start TLS"));
    s.connection().startTls(s.config.tls(), false, null);
    s.clientName = null;
    s.extended = false;
    s.user = null;
    s.reset();
    s.state(SmtpState.CONNECTED);
  }
}
