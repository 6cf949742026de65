package org.minternet.http.wire;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes message heads (RFC 9112 §3, §4, §5) and decides how a response body is framed on this hop
 * (§6): the one place where Content-Length, chunked, close-delimited or no body is chosen for the
 * origin server and the proxy alike. The caller writes the body and flushes.
 */
public final class Http1Writer {
  private static final byte[] CRLF = {'\r', '\n'};

  private Http1Writer() {}

  public static void writeRequestHead(OutputStream out, RequestLine line, Headers headers)
      throws IOException {
    out.write(encode(line.toString(), headers));
  }

  public static void writeResponseHead(OutputStream out, StatusLine line, Headers headers)
      throws IOException {
    out.write(encode(line.toString(), headers));
  }

  /** The head as bytes: start line, field lines, empty line. */
  public static byte[] encode(String startLine, Headers headers) {
    HeadBuffer b = new HeadBuffer(256);
    b.ascii(startLine).crlf();
    for (Headers.Field f : headers.fields()) b.field(f.name(), f.value());
    b.crlf();
    return b.toByteArray();
  }

  /**
   * Sets the fields that frame a request body on this hop (RFC 9112 §6.1, §6.2): {@code
   * Content-Length} for a known length, {@code Transfer-Encoding: chunked} otherwise; a POST or PUT
   * without a body says {@code Content-Length: 0}, as RFC 9110 §8.6 asks of a user agent when the
   * method gives a body a meaning. The one place where the client and the proxy's forwarding
   * frame what they send.
   */
  public static void requestFraming(Headers.Builder h, String method, BodyFraming framing) {
    switch (framing) {
      case BodyFraming.Length l -> h.set("Content-Length", Long.toString(l.length()));
      case BodyFraming.Chunked c -> h.set("Transfer-Encoding", "chunked");
      default -> {
        if (method.equals("POST") || method.equals("PUT")) h.set("Content-Length", "0");
      }
    }
  }

  /**
   * How a response body is delimited on this hop (RFC 9112 §6.3): none for a response to HEAD,
   * 1xx, 204, 304 and a 2xx to CONNECT; Content-Length when the length is known; chunked to an
   * HTTP/1.1 client otherwise; the end of the connection to an HTTP/1.0 client.
   *
   * @param length the body's length, or -1 when it is unknown until it has been sent
   */
  public static BodyFraming responseFraming(String method, int status, long length,
      HttpVersion client) {
    if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304
        || (method.equals("CONNECT") && status / 100 == 2)) {
      return BodyFraming.NONE;
    }
    if (length >= 0) return new BodyFraming.Length(length);
    return client.atLeast11() ? BodyFraming.CHUNKED : BodyFraming.UNTIL_CLOSE;
  }

  /**
   * Encodes a response head in one buffer: the status line, the given fields except those that
   * frame the message (Transfer-Encoding, Connection and Content-Length), then the framing fields:
   *
   * <ul>
   *   <li>{@code Content-Length} for {@link BodyFraming.Length}, {@code Transfer-Encoding:
   *       chunked} for {@link BodyFraming.Chunked};
   *   <li>without a body, a response to HEAD and a 304 carry the Content-Length the full
   *       response would have (RFC 9110 §8.6): {@code bodylessLength} when known, else the
   *       Content-Length among the fields; 1xx, 204 and a 2xx to CONNECT carry none;
   *   <li>{@code Connection: close} when the connection closes after this response, {@code
   *       Connection: keep-alive} to an HTTP/1.0 client when it stays open (RFC 9112 §9.3).
   * </ul>
   *
   * @param framing as decided by {@link #responseFraming}
   * @param bodylessLength the representation's length for a bodiless response, or -1
   */
  public static byte[] responseHead(int status, String reason, Headers fields,
      BodyFraming framing, long bodylessLength, boolean close, HttpVersion client) {
    HeadBuffer b = new HeadBuffer(256 + fields.size() * 40);
    b.ascii("HTTP/1.1 ").number(status).ascii(" ").latin1(reason).crlf();
    boolean keepLength = framing instanceof BodyFraming.None
        && (status == 304 || (status >= 200 && status != 204)) && bodylessLength < 0;
    for (Headers.Field f : fields.fields()) {
      String n = f.name();
      if (n.equalsIgnoreCase("Content-Length")) {
        if (!keepLength) continue;
      } else if (n.equalsIgnoreCase("Transfer-Encoding") || n.equalsIgnoreCase("Connection")) {
        continue;
      }
      b.field(n, f.value());
    }
    switch (framing) {
      case BodyFraming.Length l -> b.ascii("Content-Length: ").number(l.length()).crlf();
      case BodyFraming.Chunked c -> b.ascii("Transfer-Encoding: chunked").crlf();
      case BodyFraming.None n -> {
        if (bodylessLength >= 0 && status >= 200 && status != 204) {
          b.ascii("Content-Length: ").number(bodylessLength).crlf();
        }
      }
      case BodyFraming.UntilClose u -> { }
    }
    if (close || framing instanceof BodyFraming.UntilClose) b.ascii("Connection: close").crlf();
    else if (!client.atLeast11()) b.ascii("Connection: keep-alive").crlf();
    b.crlf();
    return b.toByteArray();
  }

  /** A growing byte buffer for a head: ASCII and ISO-8859-1 text without a String round trip. */
  private static final class HeadBuffer {
    private byte[] buf;
    private int n;

    HeadBuffer(int size) {
      buf = new byte[size];
    }

    private void room(int more) {
      if (n + more > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
    }

    HeadBuffer ascii(String s) {
      return latin1(s);
    }

    HeadBuffer latin1(String s) {
      int len = s.length();
      room(len);
      s.getBytes(0, len, buf, n);
      n += len;
      return this;
    }

    HeadBuffer number(long v) {
      return ascii(Long.toString(v));
    }

    HeadBuffer crlf() {
      room(2);
      buf[n++] = CRLF[0];
      buf[n++] = CRLF[1];
      return this;
    }

    HeadBuffer field(String name, String value) {
      latin1(name);
      room(2);
      buf[n++] = ':';
      buf[n++] = ' ';
      return latin1(value).crlf();
    }

    byte[] toByteArray() {
      return n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
    }
  }
}
