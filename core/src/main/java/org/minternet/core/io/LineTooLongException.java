package org.minternet.core.io;

import java.io.IOException;

/**
 * A line exceeded the reader's limit. When {@link #recovered()} is true the reader skipped the
 * rest of the offending line and the stream is positioned at the start of the next line, so a
 * protocol may answer with its error and keep serving; otherwise the peer kept sending without
 * a line end and the connection should be closed.
 */
public final class LineTooLongException extends IOException {
  private final int limit;
  private final boolean recovered;

  public LineTooLongException(int limit, boolean recovered) {
    super("line longer than " + limit + " bytes");
    this.limit = limit;
    this.recovered = recovered;
  }

  public int limit() {
    return limit;
  }

  public boolean recovered() {
    return recovered;
  }
}
