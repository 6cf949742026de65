package org.minternet.core.net;

import java.net.SocketTimeoutException;

/**
 * A write to a socket made no progress for longer than its write timeout, so the socket was
 * closed (see {@link WriteTimeouts}). The connection is unusable afterwards; every later write on
 * it fails the same way.
 */
public final class WriteTimeoutException extends SocketTimeoutException {
  private static final long serialVersionUID = 1L;

  WriteTimeoutException(String message) {
    super(message);
  }
}
