package org.minternet.mail.imap;

/** The IMAP connection states (RFC 9051 §3). */
enum ImapState {
  NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT
}
