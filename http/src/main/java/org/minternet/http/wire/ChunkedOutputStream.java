package org.minternet.http.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the chunked transfer coding: each write is one chunk; {@link #close()} writes the last
 * chunk and the empty trailer section but leaves the underlying stream open.
 */
public final class ChunkedOutputStream extends OutputStream {
  private final OutputStream out;
  private boolean closed;

  public ChunkedOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) throw new IOException("chunked stream closed");
    if (len == 0) return;
    out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(b, off, len);
    out.write('\r');
    out.write('\n');
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
  }
}
