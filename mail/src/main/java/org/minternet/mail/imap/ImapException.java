package org.minternet.mail.imap;

/**
 * A command failed: carries the tagged status ({@code NO} or {@code BAD}), an optional response
 * code (RFC 9051 §7.1) and human text. The session turns it into the tagged reply in one place.
 * A {@linkplain #fatal() fatal} error ends the connection with {@code * BYE} after the reply
 * (e.g. a non-synchronising literal too large to skip).
 */
final class ImapException extends Exception {
  private final String status;
  private final String code;
  private final boolean fatal;

  ImapException(String status, String code, String text, boolean fatal) {
    super(text, null, false, false);
    this.status = status;
    this.code = code;
    this.fatal = fatal;
  }

  static ImapException bad(String text) {
    return new ImapException("BAD", null, text, false);
  }

  static ImapException no(String text) {
    return new ImapException("NO", null, text, false);
  }

  static ImapException no(String code, String text) {
    return new ImapException("NO", code, text, false);
  }

  static ImapException bad(String code, String text) {
    return new ImapException("BAD", code, text, false);
  }

  String status() {
    return status;
  }

  String code() {
    return code;
  }

  boolean fatal() {
    return fatal;
  }

  /** The reply text after the status: {@code [CODE] text}. */
  String replyText() {
    return (code == null ? "" : "[" + code + "] ") + getMessage();
  }
}
