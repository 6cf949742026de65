package org.minternet.http.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Where a response body comes from. Its {@link #length()} decides the framing on the wire
 * ({@link org.minternet.http.wire.Http1Writer#responseFraming}): known lengths are sent with
 * Content-Length, unknown ones chunked (or close-delimited to an HTTP/1.0 client).
 */
public sealed interface Body {
  /** The length in bytes, or -1 when it is known only once the body has been sent. */
  long length();

  /** No body. */
  Body EMPTY = new Bytes(new byte[0]);

  /** A body in memory. */
  record Bytes(byte[] data) implements Body {
    @Override
    public long length() {
      return data.length;
    }
  }

  /** {@code length} bytes of a file from {@code offset}. */
  record FileRegion(Path file, long offset, long length) implements Body {}

  /** Writes a body to a stream. */
  @FunctionalInterface
  interface Writer {
    void writeTo(OutputStream out) throws IOException;
  }

  /** A body of unknown length produced while it is sent (e.g. a live listing). */
  record Streamed(Writer writer) implements Body {
    @Override
    public long length() {
      return -1;
    }
  }

  /**
   * A body read from a stream as it arrives (a proxied response), flushed to the client as it
   * comes; the stream is closed when the body is not sent. {@code length} is -1 when unknown.
   */
  record Piped(InputStream in, long length) implements Body {}
}
