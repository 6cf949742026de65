package org.minternet.http.wire;

import java.io.IOException;

/**
 * A body that breaks its framing or its size limit, found while streaming it. Carries the status
 * to answer with; the connection is always closed afterwards.
 */
public final class BodyException extends IOException {
  private final int status;

  public BodyException(int status, String reason) {
    super(reason);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
