package org.minternet.http.client;

import java.io.IOException;
import java.io.InputStream;
import org.minternet.http.wire.ResponseHead;

/**
 * The response to a request a proxy forwarded with {@link HttpClient#forward}: the head as
 * received and the body as a stream. Reading the body to its end returns the connection to the
 * pool; {@link #abandon()} closes it instead.
 */
public final class ForwardedResponse {
  private final ResponseHead head;
  private final InputStream body;
  private final long length;

  ForwardedResponse(ResponseHead head, InputStream body, long length) {
    this.head = head;
    this.body = body;
    this.length = length;
  }

  public ResponseHead head() {
    return head;
  }

  /** The body as received (transfer coding removed, content codings kept). */
  public InputStream body() {
    return body;
  }

  /** The body's length from Content-Length, 0 for none, or -1 when delimited otherwise. */
  public long length() {
    return length;
  }

  /** Gives up the body; its connection is closed. */
  public void abandon() {
    try {
      body.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
