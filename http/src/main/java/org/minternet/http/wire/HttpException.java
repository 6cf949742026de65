package org.minternet.http.wire;

/**
 * A message that cannot be accepted, carrying the status to answer with (RFC 9110 §15) and
 * whether the connection must be closed afterwards because the framing can no longer be trusted.
 * The reason is for logs only; the peer sees just the status.
 */
public final class HttpException extends Exception {
  private final int status;
  private final boolean close;

  public HttpException(int status, String reason) {
    this(status, reason, true);
  }

  public HttpException(int status, String reason, boolean close) {
    super(reason, null, false, false);
    this.status = status;
    this.close = close;
  }

  /** The status code to send, e.g. 400, 413, 414, 431, 501, 505. */
  public int status() {
    return status;
  }

  /** True when the connection must be closed after the error response. */
  public boolean close() {
    return close;
  }
}
