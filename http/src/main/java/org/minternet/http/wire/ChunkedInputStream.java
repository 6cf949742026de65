package org.minternet.http.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.minternet.core.io.LineReader;
import org.minternet.core.io.LineTooLongException;
import org.minternet.core.io.MalformedLineException;

/**
 * Decodes the chunked transfer coding (RFC 9112 §7.1). Chunk sizes are hex digits only, guarded
 * against overflow; extensions are allowed but ignored; each chunk's data must be followed by
 * exactly CRLF; the trailer section is read with the header limits and kept in {@link
 * #trailers()}. Every violation is a {@link BodyException} 400; more than {@code maxBody} bytes is
 * 413.
 */
final class ChunkedInputStream extends InputStream {
  private final LineReader in;
  private final long maxBody;
  private final Limits limits;
  private long chunkRemaining;
  private long total;
  private boolean done;
  private boolean started;
  private Headers trailers = Headers.EMPTY;

  ChunkedInputStream(LineReader in, long maxBody, Limits limits) {
    this.in = in;
    this.maxBody = maxBody;
    this.limits = limits;
  }

  Headers trailers() {
    return trailers;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (done) return -1;
    if (len == 0) return 0;
    if (chunkRemaining == 0) {
      if (started) expectCrlf();
      started = true;
      chunkRemaining = readChunkSize();
      if (chunkRemaining == 0) {
        readTrailers();
        done = true;
        return -1;
      }
      total += chunkRemaining;
      if (total > maxBody) throw new BodyException(413, "chunked body too large");
    }
    int r = in.read(b, off, (int) Math.min(len, chunkRemaining));
    if (r < 0) throw new EOFException("end of stream inside a chunk");
    chunkRemaining -= r;
    return r;
  }

  private void expectCrlf() throws IOException {
    byte[] line;
    try {
      line = in.readLineBytes(1);
    } catch (LineTooLongException | MalformedLineException e) {
      throw new BodyException(400, "chunk data not followed by CRLF");
    }
    if (line == null) throw new EOFException("end of stream after chunk");
    if (line.length != 0) throw new BodyException(400, "chunk data not followed by CRLF");
  }

  /** chunk-size [ chunk-ext ] CRLF, with chunk-size = 1*HEXDIG. */
  private long readChunkSize() throws IOException {
    byte[] line;
    try {
      line = in.readLineBytes(limits.maxChunkLine());
    } catch (LineTooLongException e) {
      throw new BodyException(400, "chunk size line too long");
    } catch (MalformedLineException e) {
      throw new BodyException(400, "bad line ending in chunk size");
    }
    if (line == null) throw new EOFException("end of stream before chunk size");
    long size = 0;
    int i = 0;
    for (; i < line.length && Syntax.isHexDigit(line[i]); i++) {
      if (size > (Long.MAX_VALUE >> 4)) throw new BodyException(400, "chunk size overflow");
      size = (size << 4) | Syntax.hexValue(line[i]);
    }
    if (i == 0) throw new BodyException(400, "missing chunk size");
    while (i < line.length && (line[i] == ' ' || line[i] == '\t')) i++;
    if (i < line.length && line[i] != ';') throw new BodyException(400, "bad chunk size");
    for (; i < line.length; i++) {
      if (!Syntax.isFieldValueByte(line[i])) throw new BodyException(400, "bad chunk extension");
    }
    return size;
  }

  private void readTrailers() throws IOException {
    try {
      trailers = Http1Reader.readFields(in, limits, 400);
    } catch (HttpException e) {
      throw new BodyException(e.status() == 431 ? 400 : e.status(), e.getMessage());
    }
  }
}
