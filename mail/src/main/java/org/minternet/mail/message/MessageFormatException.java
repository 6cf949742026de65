package org.minternet.mail.message;

/** Input that does not follow RFC 5322 / MIME closely enough to be parsed. */
public final class MessageFormatException extends RuntimeException {
  public MessageFormatException(String message) {
    super(message, null, false, false);
  }
}
