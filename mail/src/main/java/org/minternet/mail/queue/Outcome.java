package org.minternet.mail.queue;

import org.minternet.mail.smtp.SmtpClient;
import org.minternet.mail.smtp.SmtpReply;

/**
 * The outcome of one attempt for one recipient.
 *
 * @param remoteDsn the receiving server took over DSN duties (RFC 3461 §5.2.2)
 */
record Outcome(boolean delivered, boolean permanent, String status, String text, String remoteMta,
    boolean remoteDsn) {
  static Outcome of(SmtpReply reply, String mta) {
    return of(reply, mta, false);
  }

  static Outcome of(SmtpReply reply, String mta, boolean remoteDsn) {
    String status = reply.status() != null ? reply.status()
        : reply.code() < 300 ? "2.0.0" : reply.code() < 500 ? "4.0.0" : "5.0.0";
    String text = reply.code() + " " + status + " " + SmtpClient.printable(String.join(" ", reply.text()));
    return new Outcome(reply.code() < 300, reply.code() >= 500, status, text, mta, remoteDsn);
  }

  static Outcome temporary(String status, String text, String mta) {
    return new Outcome(false, false, status, text, mta, false);
  }

  static Outcome permanent(String status, String text) {
    return new Outcome(false, true, status, text, null, false);
  }
}
