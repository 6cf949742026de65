package org.minternet.dns.wire;

/**
 * Bounds-checked reader over one DNS message. Every read goes through {@link #require}, so a
 * truncated or lying message ends in {@link WireFormatException}, never in an index exception.
 */
public final class DnsInput {
  private final byte[] data;
  private final int start;
  private final int end;
  private int pos;
  private int limit;

  public DnsInput(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new IllegalArgumentException("bad bounds");
    }
    this.data = data;
    this.start = offset;
    this.end = offset + length;
    this.pos = offset;
    this.limit = end;
  }

  public DnsInput(byte[] data) {
    this(data, 0, data.length);
  }

  /** Position relative to the start of the message (what compression pointers count). */
  public int position() {
    return pos - start;
  }

  public int remaining() {
    return limit - pos;
  }

  /** Restricts reads to the next {@code length} bytes (one RDATA); returns the old limit. */
  int pushLimit(int length) throws WireFormatException {
    require(length);
    int old = limit;
    limit = pos + length;
    return old;
  }

  void popLimit(int old) {
    limit = old;
  }

  void require(int n) throws WireFormatException {
    if (n < 0 || n > limit - pos) throw new WireFormatException("end of input");
  }

  public int u8() throws WireFormatException {
    require(1);
    return data[pos++] & 0xff;
  }

  public int u16() throws WireFormatException {
    require(2);
    int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  public long u32() throws WireFormatException {
    require(4);
    long v = ((long) (data[pos] & 0xff) << 24) | ((data[pos + 1] & 0xff) << 16)
        | ((data[pos + 2] & 0xff) << 8) | (data[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  public byte[] bytes(int n) throws WireFormatException {
    require(n);
    byte[] out = new byte[n];
    System.arraycopy(data, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** A byte at an absolute message offset, for following compression pointers. */
  int byteAt(int messageOffset) throws WireFormatException {
    int p = start + messageOffset;
    if (messageOffset < 0 || p >= end) throw new WireFormatException("pointer outside message");
    return data[p] & 0xff;
  }

  void copyAt(int messageOffset, byte[] dest, int destOff, int n) throws WireFormatException {
    int p = start + messageOffset;
    if (messageOffset < 0 || p + n > end) throw new WireFormatException("label outside message");
    System.arraycopy(data, p, dest, destOff, n);
  }

  void skip(int n) throws WireFormatException {
    require(n);
    pos += n;
  }
}
