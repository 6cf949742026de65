package org.minternet.http.engine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.minternet.core.net.Connection;
import org.minternet.http.wire.BodyException;
import org.minternet.http.wire.BodyFraming;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Http1Reader;
import org.minternet.http.wire.RequestHead;

/**
 * One request on a connection as a {@link Responder} sees it: the head, the peer, and the body,
 * which is read only when asked for. A body nobody asked for is read and dropped after the
 * response when it is small, or the connection is closed (see {@link Http1Connection}).
 */
public final class Exchange {
  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Connection connection;
  private final RequestHead head;
  private final Http1Connection.Settings settings;
  private final long startNanos;
  private InputStream body;
  private boolean close;
  private String user;
  private Object attachment;

  Exchange(Connection connection, RequestHead head, Http1Connection.Settings settings,
      long startNanos) {
    this.connection = connection;
    this.head = head;
    this.settings = settings;
    this.startNanos = startNanos;
  }

  /** The request head, or null when it could not be read (an error is being answered). */
  public RequestHead head() {
    return head;
  }

  public InetSocketAddress remoteAddress() {
    return connection.remoteAddress();
  }

  public boolean isSecure() {
    return connection.isSecure();
  }

  /** {@link System#nanoTime()} when the request's first byte had arrived. */
  public long startNanos() {
    return startNanos;
  }

  /**
   * Whether the client wants the connection kept after this exchange (RFC 9112 §9.3): the
   * default in HTTP/1.1 unless {@code Connection: close}, in HTTP/1.0 only with {@code
   * Connection: keep-alive}.
   */
  public boolean keepAliveRequested() {
    if (head == null) return false;
    Headers h = head.headers();
    return head.version().atLeast11() ? !h.hasToken("Connection", "close")
        : h.hasToken("Connection", "keep-alive");
  }

  /** The user the responder authenticated (for the access log), or null. */
  public String user() {
    return user;
  }

  public void user(String name) {
    this.user = name;
  }

  /** What the responder attached to this exchange for {@link Responder#completed}, or null. */
  public Object attachment() {
    return attachment;
  }

  public void attach(Object value) {
    this.attachment = value;
  }

  /** Closes the connection once the response has been sent. */
  public void closeAfterResponse() {
    close = true;
  }

  boolean closing() {
    return close;
  }

  /** Whether the request has a body (RFC 9112 §6.3). */
  public boolean hasBody() {
    return head != null && !(head.framing() instanceof BodyFraming.None);
  }

  /**
   * The request body as a stream, at most {@code max} bytes (413 beyond, as {@link
   * BodyException}). A client waiting for {@code 100 Continue} (RFC 9110 §10.1.1) is sent it
   * when the body is first read.
   */
  public InputStream body(long max) throws IOException {
    if (body != null) return body;
    if (!hasBody()) return body = InputStream.nullInputStream();
    InputStream in = Http1Reader.body(connection.reader(), head.framing(), max, settings.limits());
    boolean expects = head.version().atLeast11()
        && head.headers().hasToken("Expect", "100-continue");
    return body = new BodyStream(in, expects);
  }

  /**
   * The body as the responder reads it: notes whether reading began, and sends 100 Continue
   * before the first read of a body the client holds back.
   */
  private final class BodyStream extends FilterInputStream {
    private final boolean expectsContinue;
    private boolean started;

    BodyStream(InputStream in, boolean expectsContinue) {
      super(in);
      this.expectsContinue = expectsContinue;
    }

    private void start() throws IOException {
      if (started) return;
      started = true;
      if (expectsContinue) {
        connection.write(CONTINUE);
        connection.flush();
      }
    }

    @Override
    public int read() throws IOException {
      start();
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      start();
      return in.read(b, off, len);
    }
  }

  /** The whole request body, at most {@code max} bytes, read within the body timeout. */
  public byte[] readBody(long max) throws IOException {
    InputStream in = body(max);
    connection.deadline(settings.bodyTimeout());
    try {
      return Http1Reader.readAll(in, max);
    } finally {
      connection.clearDeadline();
    }
  }

  /**
   * Makes the connection ready for the next request: reads the rest of a body that was asked
   * for, reads and drops a small one nobody asked for, and closes the connection for a large
   * one or one the client holds back until 100 Continue.
   *
   * @return whether the connection can carry another request
   */
  boolean skipBody() throws IOException {
    if (!hasBody()) return true;
    InputStream in = body;
    if (in == null || !((BodyStream) in).started) {
      if (head.headers().contains("Expect") || !(head.framing() instanceof BodyFraming.Length l)
          || l.length() > settings.maxDiscardedBody()) {
        return false;
      }
      in = Http1Reader.body(connection.reader(), head.framing(), Long.MAX_VALUE, settings.limits());
    }
    connection.deadline(settings.bodyTimeout());
    try {
      Http1Reader.drain(in);
    } finally {
      connection.clearDeadline();
    }
    return true;
  }
}
