package org.minternet.http.proxy;

import java.io.IOException;
import java.io.InputStream;
import org.minternet.http.wire.Headers;

/**
 * A response on its way to the client: status, end-to-end header fields, and the body either
 * complete in memory or streaming from the origin (with its length, or -1 when unknown).
 *
 * @param age the Age to send in place of any received one, or -1 to pass the received one on
 * @param cacheStatus what the cache did, for the optional X-Cache header (and, through {@link
 *     CacheResult#of}, the access log)
 * @param fromDisk whether the stored response was read from the disk tier for this request
 */
record Reply(int status, String reason, Headers headers, byte[] body, InputStream stream,
    long length, long age, String cacheStatus, boolean fromDisk) {
  static Reply of(int status, String reason, Headers headers, byte[] body, String cacheStatus) {
    return new Reply(status, reason, headers, body, null, body.length, -1, cacheStatus, false);
  }

  static Reply streaming(int status, String reason, Headers headers, InputStream in, long length,
      String cacheStatus) {
    return new Reply(status, reason, headers, null, in, length, -1, cacheStatus, false);
  }

  /** Whether a body follows the head for this status (RFC 9112 §6.3). */
  boolean bodyAllowed() {
    return status >= 200 && status != 204 && status != 304;
  }

  Reply withAge(long seconds) {
    return new Reply(status, reason, headers, body, stream, length, seconds, cacheStatus, fromDisk);
  }

  /** This reply, marked as served from a response the disk tier held. */
  Reply readFromDisk() {
    return new Reply(status, reason, headers, body, stream, length, age, cacheStatus, true);
  }

  /** Closes a streaming body that will not be sent (its connection is not reused). */
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
