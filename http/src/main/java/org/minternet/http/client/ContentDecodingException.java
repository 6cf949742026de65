package org.minternet.http.client;

import java.io.IOException;

/**
 * A response body whose content coding could not be removed: corrupt or truncated compressed
 * data, or a decoded size past the client's limit (a decompression bomb). The response head had
 * arrived; the connection is not reused. In a page load, only that object fails.
 */
public final class ContentDecodingException extends IOException {
  private final int status;
  private final transient ClientResponse.Timing timing;

  ContentDecodingException(String message) {
    this(message, 0, null);
  }

  private ContentDecodingException(String message, int status, ClientResponse.Timing timing) {
    super(message);
    this.status = status;
    this.timing = timing;
  }

  /** The same failure, with the exchange it ended. */
  ContentDecodingException of(int status, ClientResponse.Timing timing) {
    return new ContentDecodingException(getMessage(), status, timing);
  }

  /** The status of the response whose body failed (0 when not known). */
  public int status() {
    return status;
  }

  /** The timing of the exchange up to the failure, with the bytes read so far (or null). */
  public ClientResponse.Timing timing() {
    return timing;
  }
}
