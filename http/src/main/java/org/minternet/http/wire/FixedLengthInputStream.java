package org.minternet.http.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.minternet.core.io.LineReader;

/** A body of exactly {@code length} bytes; an early end of stream is an {@link EOFException}. */
final class FixedLengthInputStream extends InputStream {
  private final LineReader in;
  private long remaining;

  FixedLengthInputStream(LineReader in, long length) {
    this.in = in;
    this.remaining = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining == 0) return -1;
    if (len == 0) return 0;
    int r = in.read(b, off, (int) Math.min(len, remaining));
    if (r < 0) throw new EOFException("body ended " + remaining + " bytes early");
    remaining -= r;
    return r;
  }

  @Override
  public int available() {
    return 0;
  }
}
