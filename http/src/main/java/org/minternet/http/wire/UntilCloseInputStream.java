package org.minternet.http.wire;

import java.io.IOException;
import java.io.InputStream;
import org.minternet.core.io.LineReader;

/** A response body delimited by the end of the connection (RFC 9112 §6.3 rule 8). */
final class UntilCloseInputStream extends InputStream {
  private final LineReader in;
  private final long max;
  private long total;

  UntilCloseInputStream(LineReader in, long max) {
    this.in = in;
    this.max = max;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int r = in.read(b, off, len);
    if (r > 0) {
      total += r;
      if (total > max) throw new BodyException(413, "body too large");
    }
    return r;
  }
}
