package org.minternet.mail.pop3;

/** The POP3 session states (RFC 1939 §3); UPDATE is the QUIT command of TRANSACTION. */
enum Pop3State {
  AUTHORIZATION,
  TRANSACTION
}
