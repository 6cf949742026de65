package org.minternet.core.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads CRLF-terminated lines and exact byte counts from a byte stream, with a hard limit on line
 * length that a hostile peer cannot exceed.
 *
 * <p>Line protocols (RFC 5321 §2.3.8, RFC 1939, RFC 9051 §2.2, RFC 9112 §2.2) end lines with CRLF.
 * In {@link Endings#STRICT} mode a bare LF, or a CR not followed by LF, is a {@link
 * MalformedLineException} (this is what prevents SMTP smuggling). In {@link Endings#LENIENT} mode
 * a bare LF also ends a line (RFC 9112 §2.2 allows recipients to accept it) and a lone CR is data.
 *
 * <p>The reader keeps its own buffer; bytes after a line are available to {@link #readExactly},
 * {@link #read(byte[], int, int)} and {@link #asInputStream()} so that literals and bodies
 * following a line are never lost. Not thread-safe.
 */
public final class LineReader {
  /** How line ends are recognised. */
  public enum Endings {
    /** Only CRLF ends a line; bare LF and lone CR are errors. */
    STRICT,
    /** CRLF or bare LF ends a line; a lone CR is kept as data. */
    LENIENT
  }

  /** Default maximum line length in bytes, not counting the line end. */
  public static final int DEFAULT_MAX_LINE = 8192;

  /** How far past the limit the reader looks for the end of an over-long line before giving up. */
  public static final int DEFAULT_DISCARD_LIMIT = 1 << 20;

  private InputStream in;
  private final byte[] buffer;
  private int pos;
  private int limit;
  private final Endings endings;
  private final int maxLine;
  private final int discardLimit;
  private long totalRead;

  public LineReader(InputStream in) {
    this(in, Endings.STRICT, DEFAULT_MAX_LINE);
  }

  public LineReader(InputStream in, Endings endings, int maxLine) {
    this(in, endings, maxLine, DEFAULT_DISCARD_LIMIT);
  }

  public LineReader(InputStream in, Endings endings, int maxLine, int discardLimit) {
    if (maxLine <= 0) throw new IllegalArgumentException("maxLine " + maxLine);
    this.in = Objects.requireNonNull(in, "in");
    this.endings = Objects.requireNonNull(endings, "endings");
    this.maxLine = maxLine;
    this.discardLimit = discardLimit;
    this.buffer = new byte[Math.max(8192, Math.min(maxLine + 2, 65536))];
  }

  public int maxLineLength() {
    return maxLine;
  }

  /** Total bytes consumed from the underlying stream so far. */
  public long totalRead() {
    return totalRead;
  }

  /** Number of bytes already buffered and not yet consumed. */
  public int buffered() {
    return limit - pos;
  }

  /**
   * Replaces the underlying stream, e.g. after a STARTTLS handshake. Any bytes still buffered were
   * sent in the clear after the upgrade command, so they are discarded (RFC 3207 §4.2 and RFC 2595
   * §3.1 forbid acting on them).
   *
   * @return the number of buffered bytes discarded
   */
  public int replaceInput(InputStream newInput) {
    int discarded = limit - pos;
    this.in = Objects.requireNonNull(newInput);
    pos = 0;
    limit = 0;
    return discarded;
  }

  /** Reads a line decoded as UTF-8, with the reader's limit, or null at end of stream. */
  public String readLine() throws IOException {
    return readLine(maxLine, StandardCharsets.UTF_8);
  }

  public String readLine(int max, Charset charset) throws IOException {
    byte[] line = readLineBytes(max);
    return line == null ? null : new String(line, charset);
  }

  /**
   * Reads one line without its terminator.
   *
   * @return the line, or null if the stream ended before any byte of a new line
   * @throws LineTooLongException if the line is longer than {@code max} bytes
   * @throws MalformedLineException if the line end is not accepted in this mode
   * @throws EOFException if the stream ends inside a line
   */
  public byte[] readLineBytes(int max) throws IOException {
    int effectiveMax = Math.min(max, maxLine);
    ByteBuilder out = null;
    boolean sawCr = false;
    while (true) {
      if (pos == limit && !fill()) {
        if (out == null && !sawCr) return null;
        throw new EOFException("end of stream inside a line");
      }
      int start = pos;
      while (pos < limit) {
        byte b = buffer[pos++];
        if (b == '\n') {
          int end = pos - 1;
          boolean crlf = sawCr || (end > start && buffer[end - 1] == '\r');
          if (!crlf && endings == Endings.STRICT) {
            throw new MalformedLineException("bare LF");
          }
          int dataEnd = (end > start && buffer[end - 1] == '\r') ? end - 1 : end;
          if (out == null) {
            return Arrays.copyOfRange(buffer, start, dataEnd);
          }
          out.append(buffer, start, dataEnd - start);
          if (sawCr && dataEnd == end && end == start) {
            // the CR was the last byte of the previous chunk and is already in out: drop it
            out.dropLast();
          }
          return out.toByteArray();
        }
        if (sawCr && endings == Endings.STRICT) {
          skipLine();
          throw new MalformedLineException("CR not followed by LF");
        }
        sawCr = b == '\r';
        int length = (out == null ? 0 : out.size()) + (pos - start) - (sawCr ? 1 : 0);
        if (length > effectiveMax) {
          boolean recovered = skipLine();
          throw new LineTooLongException(effectiveMax, recovered);
        }
      }
      if (out == null) out = new ByteBuilder(Math.min(effectiveMax + 2, 1024));
      out.append(buffer, start, pos - start);
    }
  }

  /** Skips to just after the next LF, within the discard limit. */
  private boolean skipLine() throws IOException {
    long skipped = 0;
    while (skipped < discardLimit) {
      if (pos == limit && !fill()) return false;
      while (pos < limit) {
        skipped++;
        if (buffer[pos++] == '\n') return true;
      }
    }
    return false;
  }

  /** Reads exactly {@code n} bytes (a literal or a counted body). */
  public byte[] readExactly(int n) throws IOException {
    if (n < 0) throw new IllegalArgumentException("n " + n);
    byte[] result = new byte[n];
    int off = 0;
    while (off < n) {
      int r = read(result, off, n - off);
      if (r < 0) throw new EOFException("end of stream after " + off + " of " + n + " bytes");
      off += r;
    }
    return result;
  }

  /** Skips exactly {@code n} bytes. */
  public void skipExactly(long n) throws IOException {
    while (n > 0) {
      if (pos == limit && !fill()) throw new EOFException("end of stream while skipping");
      int step = (int) Math.min(n, limit - pos);
      pos += step;
      n -= step;
    }
  }

  /** Reads up to {@code len} bytes, buffered bytes first; -1 at end of stream. */
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) return 0;
    if (pos == limit) {
      if (len >= buffer.length) {
        int r = in.read(b, off, len);
        if (r > 0) totalRead += r;
        return r;
      }
      if (!fill()) return -1;
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buffer, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Reads one byte, or -1 at end of stream. */
  public int read() throws IOException {
    if (pos == limit && !fill()) return -1;
    return buffer[pos++] & 0xff;
  }

  /** Returns the next byte without consuming it, or -1 at end of stream. */
  public int peek() throws IOException {
    if (pos == limit && !fill()) return -1;
    return buffer[pos] & 0xff;
  }

  /** A view of this reader as a stream (buffered bytes first); closing it does nothing. */
  public InputStream asInputStream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        return LineReader.this.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return LineReader.this.read(b, off, len);
      }

      @Override
      public int available() throws IOException {
        return limit - pos;
      }
    };
  }

  private boolean fill() throws IOException {
    int r = in.read(buffer, 0, buffer.length);
    if (r <= 0) {
      pos = 0;
      limit = 0;
      return false;
    }
    totalRead += r;
    pos = 0;
    limit = r;
    return true;
  }

  /** Growable byte array for lines that span buffer fills. */
  private static final class ByteBuilder {
    private byte[] data;
    private int size;

    ByteBuilder(int capacity) {
      data = new byte[capacity];
    }

    void append(byte[] src, int off, int len) {
      if (size + len > data.length) data = Arrays.copyOf(data, Math.max(size + len, data.length * 2));
      System.arraycopy(src, off, data, size, len);
      size += len;
    }

    void dropLast() {
      if (size > 0) size--;
    }

    int size() {
      return size;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(data, size);
    }
  }
}
