package org.minternet.mail.smtp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.minternet.core.line.LineSession;
import org.minternet.core.net.Connection;
import org.minternet.mail.auth.AuthThrottle;
import org.minternet.mail.store.MailUser;
import org.minternet.mail.store.Recipient;

/** One SMTP conversation: the client's name, authentication, and the current mail transaction. */
final class SmtpSession extends LineSession<SmtpState> {
  final SmtpConfig config;
  final SmtpService service;
  final AuthThrottle throttle;
  String clientName;
  boolean extended;
  MailUser user;

  // the mail transaction (RFC 5321 §3.3), cleared by reset()
  String sender;
  final List<Recipient> recipients = new ArrayList<>();
  boolean smtpUtf8;
  String envelopeId;
  String ret;
  ByteArrayOutputStream chunks;
  boolean chunksTooBig;

  SmtpSession(Connection connection, SmtpConfig config, SmtpService service, AuthThrottle throttle) {
    super(connection, SmtpState.CONNECTED);
    this.config = config;
    this.throttle = throttle;
    this.service = service;
  }

  /** Aborts the mail transaction; keeps the greeting and authentication. */
  void reset() {
    sender = null;
    recipients.clear();
    smtpUtf8 = false;
    envelopeId = null;
    ret = null;
    chunks = null;
    chunksTooBig = false;
    if (state() != SmtpState.CONNECTED) state(SmtpState.GREETED);
  }

  boolean tlsAvailable() {
    return config.tls() != null && !connection().isSecure();
  }

  boolean authAvailable() {
    return user == null && (connection().isSecure() || config.allowInsecureAuth());
  }

  /** Whether this client may send to domains that are not ours. */
  boolean mayRelay() {
    return user != null || config.relayNetworks().contains(connection().remoteAddress().getAddress());
  }
}
