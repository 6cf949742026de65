package org.minternet.mail.smtp;

/** Where an SMTP session is (RFC 5321 §4.1.4 ordering rules). */
enum SmtpState {
  /** Greeting sent; waiting for EHLO or HELO. */
  CONNECTED,
  /** EHLO/HELO done; no mail transaction. */
  GREETED,
  /** MAIL accepted; waiting for RCPT. */
  MAIL,
  /** At least one RCPT accepted; DATA or BDAT may follow. */
  RCPT,
  /** Inside a BDAT sequence (RFC 3030): only BDAT, RSET, NOOP, QUIT. */
  BDAT
}
