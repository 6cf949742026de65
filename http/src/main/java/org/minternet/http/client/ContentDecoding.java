package org.minternet.http.client;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.minternet.http.wire.Headers;

/**
 * Removes the content codings of a response body (RFC 9110 §8.4) in the client's compressed mode:
 * {@code gzip} (and its alias {@code x-gzip}, §8.4.1.3), {@code deflate} — the zlib format of RFC
 * 1950 as §8.4.1.2 specifies, or the raw deflate data (RFC 1951) some servers send and browsers
 * accept — and {@code identity}. Content-Encoding lists the codings in the order they were applied,
 * so they are removed from the last; the first one the client does not know stops decoding, and it
 * and those before it stay on the body.
 *
 * <p>The decoded size is bounded: a few kilobytes of gzip can expand to gigabytes (a
 * decompression bomb), so reading past the limit fails with {@link ContentDecodingException}
 * before more than the limit is produced. Decoding streams: no layer holds more than its buffers.
 */
final class ContentDecoding {
  /** The Accept-Encoding the client sends in compressed mode. */
  static final String ACCEPT_ENCODING = "gzip, deflate";

  /** Most codings removed from one body: each is a stream with its own inflater and buffers. */
  static final int MAX_CODINGS = 4;

  private ContentDecoding() {}

  /**
   * What is done with a body's codings.
   *
   * @param decoded the codings removed, in the order they had been applied
   * @param kept the codings left on the body, in the order they had been applied
   */
  record Plan(List<String> decoded, List<String> kept) {}

  /** The codings of Content-Encoding in the order applied, lower case, without identity. */
  static List<String> codings(Headers h) {
    List<String> out = new ArrayList<>();
    for (String v : h.all("Content-Encoding")) {
      for (String c : v.split(",")) {
        String coding = c.trim().toLowerCase(Locale.ROOT);
        if (!coding.isEmpty() && !coding.equals("identity")) out.add(coding);
      }
    }
    return out;
  }

  /** Which of {@code codings} to remove: the known ones at the end, none unless {@code decode}. */
  static Plan plan(List<String> codings, boolean decode) {
    int first = codings.size();
    while (decode && first > 0 && known(codings.get(first - 1))
        && codings.size() - first < MAX_CODINGS) {
      first--;
    }
    return new Plan(List.copyOf(codings.subList(first, codings.size())),
        List.copyOf(codings.subList(0, first)));
  }

  private static boolean known(String coding) {
    return coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("deflate");
  }

  /**
   * The decoded body of {@code wire} per {@code plan}, failing past {@code limit} decoded bytes.
   * Reads the first bytes of each layer to recognise its format.
   *
   * @param what the object, for the messages of failures
   * @throws ContentDecodingException when the first bytes are not in the coding's format
   */
  static InputStream open(Wire wire, Plan plan, long limit, String what) throws IOException {
    InputStream in = wire;
    try {
      for (int i = plan.decoded().size() - 1; i >= 0; i--) in = decoder(plan.decoded().get(i), in);
    } catch (IOException e) {
      throw failure(wire, plan, what, e);
    }
    return new Decoded(in, wire, plan, limit, what);
  }

  /** One layer; an empty body stays empty (a GZIPInputStream would fail on it). */
  private static InputStream decoder(String coding, InputStream in) throws IOException {
    PushbackInputStream p = new PushbackInputStream(in, 2);
    int b0 = p.read();
    if (b0 < 0) return InputStream.nullInputStream();
    int b1 = p.read();
    if (b1 >= 0) p.unread(b1);
    p.unread(b0);
    if (coding.equals("deflate")) {
      boolean zlib = b1 >= 0 && (b0 & 0x0f) == 8 && (b0 >> 4) <= 7 && ((b0 << 8) | b1) % 31 == 0;
      Inflater inflater = new Inflater(!zlib);
      return new InflaterInputStream(p, inflater, 8192) {
        @Override
        public void close() throws IOException {
          inflater.end(); // a caller's Inflater is not ended by the stream
          super.close();
        }
      };
    }
    return new GZIPInputStream(p, 8192);
  }

  /**
   * The failure of decoding, unless the transport failed underneath (then that exception, as
   * without decoding).
   */
  private static IOException failure(Wire wire, Plan plan, String what, IOException e) {
    if (wire.failure != null || e instanceof ContentDecodingException) return e;
    String why = e instanceof EOFException ? "truncated" : e instanceof ZipException
        ? "corrupt (" + e.getMessage() + ")" : e.getMessage();
    return new ContentDecodingException(String.join(", ", plan.decoded()) + " content of " + what
        + " is " + why);
  }

  /** The body bytes as framed on the wire, counted; remembers whether reading them failed. */
  static final class Wire extends FilterInputStream {
    private long count;
    private IOException failure;

    Wire(InputStream in) {
      super(in);
    }

    /** Bytes read so far: the transferred size. */
    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = super.read(b, off, len);
        if (n > 0) count += n;
        return n;
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }

  /** The top of the decoders: counts the decoded bytes against the limit. */
  private static final class Decoded extends InputStream {
    private final InputStream in;
    private final Wire wire;
    private final Plan plan;
    private final long limit;
    private final String what;
    private long count;

    Decoded(InputStream in, Wire wire, Plan plan, long limit, String what) {
      this.in = in;
      this.wire = wire;
      this.plan = plan;
      this.limit = limit;
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      long room = limit - count; // one byte more than the room shows that the body is too large
      int n;
      try {
        n = in.read(b, off, room < len ? (int) room + 1 : len);
      } catch (IOException e) {
        throw failure(wire, plan, what, e);
      }
      if (n > 0) count += n;
      if (count > limit) {
        throw new ContentDecodingException(String.join(", ", plan.decoded()) + " content of "
            + what + " decodes to more than " + limit + " bytes (from " + wire.count()
            + " bytes transferred): refused as a possible decompression bomb");
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
