package org.minternet.http.proxy;

import java.io.IOException;
import java.io.InputStream;
import org.minternet.http.wire.Headers;

/**
 * A response on its way to the client: status, end-to-end header fields, and the body either
 * complete in memory or streaming from the origin (with its length, or -1 when unknown).
 *
 * @param cacheStatus what the cache did, for the optional X-Cache header and the statistics
 */
record Reply(int status, String reason, Headers headers, byte[] body, InputStream stream,
    long length, String cacheStatus) {
  static Reply of(int status, String reason, Headers headers, byte[] body, String cacheStatus) {
    return new Reply(status, reason, headers, body, null, body.length, cacheStatus);
  }

  static Reply streaming(int status, String reason, Headers headers, InputStream in, long length,
      String cacheStatus) {
    return new Reply(status, reason, headers, null, in, length, cacheStatus);
  }

  /** Whether a body follows the head for this status (RFC 9112 §6.3). */
  boolean bodyAllowed() {
    return status >= 200 && status != 204 && status != 304;
  }

  Reply withHeaders(Headers h) {
    return new Reply(status, reason, h, body, stream, length, cacheStatus);
  }

  /** Closes a streaming body that will not be sent (releasing nothing to the pool). */
  void discard() {
    if (stream != null) {
      try {
        stream.close();
      } catch (IOException ignored) {
        // nothing to release
      }
    }
  }
}
