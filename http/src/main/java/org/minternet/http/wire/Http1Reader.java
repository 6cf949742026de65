package org.minternet.http.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.minternet.core.io.LineReader;
import org.minternet.core.io.LineTooLongException;
import org.minternet.core.io.MalformedLineException;

/**
 * Reads HTTP/1.1 message heads and bodies from a {@link LineReader} (RFC 9112). No sockets: the
 * reader may sit on a connection or on literal bytes in a test.
 *
 * <p>A request is read in this order:
 *
 * <ol>
 *   <li>up to {@link Limits#maxEmptyLinesBefore()} empty lines are skipped (RFC 9112 §2.2);
 *   <li>the request line, at most {@link Limits#maxRequestLine()} bytes, else 414;
 *   <li>field lines until the empty line, together at most {@link Limits#maxHeaderSection()}
 *       bytes and {@link Limits#maxHeaderCount()} lines, else 431;
 *   <li>the body framing is decided from Transfer-Encoding and Content-Length with the smuggling
 *       defences of RFC 9112 §6.1 and §6.3 ({@link #requestFraming}).
 * </ol>
 *
 * <p>Strictness: a field line starting with whitespace (obsolete line folding, RFC 9112 §5.2),
 * whitespace between a field name and its colon (§5.1), a bare CR (§2.2) or a control character
 * in a value are all 400. Field values are decoded as ISO-8859-1 so that no byte is lost.
 */
public final class Http1Reader {
  private Http1Reader() {}

  /**
   * Reads a request head.
   *
   * @return the head, or null if the stream ended cleanly before a request started
   * @throws HttpException with the status to send (400, 414, 431, 501, 505)
   * @throws EOFException if the stream ends inside the head
   */
  public static RequestHead readRequestHead(LineReader in, Limits limits)
      throws IOException, HttpException {
    byte[] raw;
    int empty = 0;
    while (true) {
      try {
        raw = in.readLineBytes(limits.maxRequestLine());
      } catch (LineTooLongException e) {
        throw new HttpException(414, "request line too long");
      } catch (MalformedLineException e) {
        throw new HttpException(400, "bad line ending in request line");
      }
      if (raw == null) return null;
      if (raw.length > 0) break;
      if (++empty > limits.maxEmptyLinesBefore()) throw new HttpException(400, "empty lines");
    }
    RequestLine line = RequestLine.parse(new String(raw, StandardCharsets.ISO_8859_1));
    Headers headers = readFields(in, limits, 431);
    return new RequestHead(line, headers, requestFraming(line.version(), headers));
  }

  /**
   * Reads a response head, skipping nothing: a caller that expects 1xx interim responses reads
   * again after one.
   *
   * @throws HttpException 400 for a malformed response, 505 for another major version
   * @throws EOFException if the stream ends before or inside the head
   */
  public static ResponseHead readResponseHead(LineReader in, Limits limits)
      throws IOException, HttpException {
    byte[] raw;
    try {
      raw = in.readLineBytes(limits.maxRequestLine());
    } catch (LineTooLongException | MalformedLineException e) {
      throw new HttpException(400, "bad status line");
    }
    if (raw == null) throw new EOFException("connection closed before a response");
    StatusLine status = StatusLine.parse(new String(raw, StandardCharsets.ISO_8859_1));
    return new ResponseHead(status, readFields(in, limits, 400));
  }

  /** Reads field lines up to the empty line (a header or trailer section, RFC 9112 §5). */
  static Headers readFields(LineReader in, Limits limits, int tooLargeStatus)
      throws IOException, HttpException {
    Headers.Builder b = Headers.builder();
    int budget = limits.maxHeaderSection();
    int count = 0;
    while (true) {
      byte[] raw;
      try {
        raw = in.readLineBytes(Math.max(0, budget));
      } catch (LineTooLongException e) {
        throw new HttpException(tooLargeStatus, "header section too large");
      } catch (MalformedLineException e) {
        throw new HttpException(400, "bad line ending in header section");
      }
      if (raw == null) throw new EOFException("end of stream in header section");
      if (raw.length == 0) return b.build();
      budget -= raw.length + 2;
      if (++count > limits.maxHeaderCount()) {
        throw new HttpException(tooLargeStatus, "too many header fields");
      }
      parseField(raw, b);
    }
  }

  private static void parseField(byte[] raw, Headers.Builder b) throws HttpException {
    if (raw[0] == ' ' || raw[0] == '\t') throw new HttpException(400, "obsolete line folding");
    int colon = -1;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == ':') {
        colon = i;
        break;
      }
      if (!Syntax.isTchar(raw[i])) throw new HttpException(400, "bad field name");
    }
    if (colon <= 0) throw new HttpException(400, "field line without name or colon");
    int start = colon + 1;
    int end = raw.length;
    while (start < end && (raw[start] == ' ' || raw[start] == '\t')) start++;
    while (end > start && (raw[end - 1] == ' ' || raw[end - 1] == '\t')) end--;
    for (int i = start; i < end; i++) {
      if (!Syntax.isFieldValueByte(raw[i])) throw new HttpException(400, "control in field value");
    }
    b.addUnchecked(new String(raw, 0, colon, StandardCharsets.ISO_8859_1),
        new String(raw, start, end - start, StandardCharsets.ISO_8859_1));
  }

  /**
   * The framing of a request body (RFC 9112 §6.3), with the smuggling defences:
   *
   * <ul>
   *   <li>Transfer-Encoding in an HTTP/1.0 request: 400 (§6.1);
   *   <li>Transfer-Encoding together with Content-Length: 400 and close (§6.1);
   *   <li>a transfer coding other than chunked: 501 (§6.1); chunked not last or repeated: 400;
   *   <li>Content-Length not 1*DIGIT ({@code +16}, {@code 0x10}, empty) or values that differ:
   *       400 (RFC 9110 §8.6).
   * </ul>
   */
  public static BodyFraming requestFraming(HttpVersion version, Headers headers)
      throws HttpException {
    List<String> te = headers.all("Transfer-Encoding");
    boolean hasLength = headers.contains("Content-Length");
    if (!te.isEmpty()) {
      if (!version.atLeast11()) throw new HttpException(400, "Transfer-Encoding in HTTP/1.0");
      if (hasLength) throw new HttpException(400, "Transfer-Encoding with Content-Length");
      List<String> codings = codings(headers);
      int chunked = 0;
      for (String c : codings) {
        if (c.equals("chunked")) chunked++;
        else throw new HttpException(501, "unknown transfer coding");
      }
      if (chunked != 1 || !codings.get(codings.size() - 1).equals("chunked")) {
        throw new HttpException(400, "chunked not final");
      }
      return BodyFraming.CHUNKED;
    }
    if (hasLength) {
      long n = contentLength(headers);
      return n == 0 ? BodyFraming.NONE : new BodyFraming.Length(n);
    }
    return BodyFraming.NONE;
  }

  /**
   * The framing of a response body (RFC 9112 §6.3) to a request with {@code method}.
   *
   * @throws HttpException 400 for a malformed or conflicting Content-Length
   */
  public static BodyFraming responseFraming(String method, int code, Headers headers)
      throws HttpException {
    if (method.equals("HEAD") || code / 100 == 1 || code == 204 || code == 304) {
      return BodyFraming.NONE;
    }
    if (method.equals("CONNECT") && code / 100 == 2) return BodyFraming.NONE;
    if (headers.contains("Transfer-Encoding")) {
      List<String> codings = codings(headers);
      if (!codings.isEmpty() && codings.get(codings.size() - 1).equals("chunked")) {
        return BodyFraming.CHUNKED;
      }
      return BodyFraming.UNTIL_CLOSE;
    }
    if (headers.contains("Content-Length")) return new BodyFraming.Length(contentLength(headers));
    return BodyFraming.UNTIL_CLOSE;
  }

  private static List<String> codings(Headers headers) throws HttpException {
    List<String> out = new java.util.ArrayList<>();
    for (String c : headers.list("Transfer-Encoding")) {
      int semi = c.indexOf(';');
      String name = (semi >= 0 ? c.substring(0, semi) : c).trim();
      if (!Syntax.isToken(name)) throw new HttpException(400, "bad transfer coding");
      out.add(Headers.lower(name));
    }
    if (out.isEmpty()) throw new HttpException(400, "empty Transfer-Encoding");
    return out;
  }

  /**
   * The value of Content-Length: every field line and list element must be 1*DIGIT and all must
   * be equal (RFC 9110 §8.6); at most 18 digits so that the value cannot overflow.
   */
  public static long contentLength(Headers headers) throws HttpException {
    long value = -1;
    for (String line : headers.all("Content-Length")) {
      for (String element : line.split(",", -1)) {
        String e = element.trim();
        if (e.isEmpty() || e.length() > 18) throw new HttpException(400, "bad Content-Length");
        long n = 0;
        for (int i = 0; i < e.length(); i++) {
          char c = e.charAt(i);
          if (c < '0' || c > '9') throw new HttpException(400, "bad Content-Length");
          n = n * 10 + (c - '0');
        }
        if (value >= 0 && n != value) throw new HttpException(400, "differing Content-Length");
        value = n;
      }
    }
    if (value < 0) throw new HttpException(400, "bad Content-Length");
    return value;
  }

  /**
   * A stream over the body with the given framing; it never reads past the body, so the next
   * message on the connection stays intact. {@code maxBody} bounds it (413 as {@link
   * BodyException}); pass {@link Long#MAX_VALUE} for no bound.
   */
  public static InputStream body(LineReader in, BodyFraming framing, long maxBody, Limits limits)
      throws BodyException {
    return switch (framing) {
      case BodyFraming.None n -> InputStream.nullInputStream();
      case BodyFraming.Length l -> {
        if (l.length() > maxBody) throw new BodyException(413, "body too large");
        yield new FixedLengthInputStream(in, l.length());
      }
      case BodyFraming.Chunked c -> new ChunkedInputStream(in, maxBody, limits);
      case BodyFraming.UntilClose u -> new UntilCloseInputStream(in, maxBody);
    };
  }

  /** Reads a whole stream into memory, at most {@code max} bytes (413 beyond). */
  public static byte[] readAll(InputStream in, long max) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    long total = 0;
    for (int r; (r = in.read(buf)) > 0; ) {
      total += r;
      if (total > max) throw new BodyException(413, "body too large");
      out.write(buf, 0, r);
    }
    return out.toByteArray();
  }

  /** Reads and discards the rest of a body. */
  public static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    while (in.read(buf) > 0) {
      // discard
    }
  }
}
