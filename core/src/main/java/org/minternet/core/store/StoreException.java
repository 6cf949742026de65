package org.minternet.core.store;

/** A failure of the store; the message is for logs and the operator, never for a peer. */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
