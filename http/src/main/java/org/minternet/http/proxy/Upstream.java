package org.minternet.http.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import org.minternet.http.wire.BodyFraming;
import org.minternet.http.wire.ChunkedOutputStream;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Http1Reader;
import org.minternet.http.wire.Http1Writer;
import org.minternet.http.wire.HttpException;
import org.minternet.http.wire.HttpVersion;
import org.minternet.http.wire.Limits;
import org.minternet.http.wire.RequestLine;
import org.minternet.http.wire.ResponseHead;

/**
 * One request to an origin over a pooled connection, and its response.
 *
 * <ol>
 *   <li>take an idle connection to the origin, or open one;
 *   <li>write the request head and body (Content-Length or chunked, as the client framed it);
 *   <li>read the response head, skipping 1xx interim responses, all of it within the read
 *       timeout (an origin trickling its head cannot hold the exchange forever);
 *   <li>hand back the response with a body stream that returns the connection to the pool once
 *       the body was read to its end, or closes it when abandoned.
 * </ol>
 *
 * A reused connection that fails before any response byte arrived was probably closed by the
 * origin while idle: a request without a body is then sent again once on a new connection (RFC
 * 9112 §9.3.1).
 */
final class Upstream {
  static final Limits LIMITS = new Limits(16384, 64 * 1024, 200, Long.MAX_VALUE, 1024, 0);

  /** The origin did not answer properly: 502, or 504 when it timed out. */
  static final class OriginException extends IOException {
    final int status;

    OriginException(int status, String message, Throwable cause) {
      super(message, cause);
      this.status = status;
    }
  }

  /** A request body to forward, or none. */
  record Body(BodyFraming framing, InputStream in) {
    static final Body NONE = new Body(BodyFraming.NONE, InputStream.nullInputStream());
  }

  /** The origin's response; read {@link #body} to its end or {@link #abandon()} it. */
  static final class Response {
    final ResponseHead head;
    final InputStream body;
    final long length;

    Response(ResponseHead head, InputStream body, long length) {
      this.head = head;
      this.body = body;
      this.length = length;
    }

    void abandon() {
      try {
        body.close();
      } catch (IOException ignored) {
        // connection already closed
      }
    }
  }

  private final OriginPool pool;

  Upstream(OriginPool pool) {
    this.pool = pool;
  }

  /** A new connection to {@code host:port} of its own (a CONNECT tunnel). */
  org.minternet.core.net.Connection connect(String host, int port) throws IOException {
    return pool.open(new OriginPool.Address(host, port)).connection;
  }

  /**
   * Sends {@code method target} with {@code headers} (end-to-end fields, Host and Via already set)
   * to {@code address}.
   *
   * @throws OriginException when the origin cannot be reached or answers malformed
   */
  Response exchange(OriginPool.Address address, String method, String target, Headers headers,
      Body body) throws OriginException {
    OriginPool.Pooled p = pool.take(address);
    boolean hasBody = !(body.framing() instanceof BodyFraming.None);
    if (p != null && hasBody) {
      p.connection.close();
      p = null;
    }
    if (p != null) {
      try {
        return attempt(p, method, target, headers, body);
      } catch (RetryableException e) {
        // stale keep-alive connection: once more on a fresh one
      }
    }
    try {
      p = pool.open(address);
    } catch (SocketTimeoutException e) {
      throw new OriginException(504, "connect timeout to " + address, e);
    } catch (IOException e) {
      throw new OriginException(502, "cannot connect to " + address + ": " + e.getMessage(), e);
    }
    try {
      return attempt(p, method, target, headers, body);
    } catch (RetryableException e) {
      throw new OriginException(502, "origin closed the connection", e.getCause());
    }
  }

  private static final class RetryableException extends Exception {
    RetryableException(Throwable cause) {
      super(cause);
    }
  }

  private Response attempt(OriginPool.Pooled p, String method, String target, Headers headers,
      Body body) throws OriginException, RetryableException {
    var c = p.connection;
    ResponseHead head;
    try {
      Headers.Builder h = headers.toBuilder();
      switch (body.framing()) {
        case BodyFraming.Length l -> h.set("Content-Length", Long.toString(l.length()));
        case BodyFraming.Chunked ch -> h.set("Transfer-Encoding", "chunked");
        default -> {
          if (method.equals("POST") || method.equals("PUT")) h.set("Content-Length", "0");
        }
      }
      OutputStream out = c.outputStream();
      Http1Writer.writeRequestHead(out, new RequestLine(method, target, HttpVersion.HTTP_1_1),
          h.build());
      switch (body.framing()) {
        case BodyFraming.Length l -> copy(body.in(), out);
        case BodyFraming.Chunked ch -> {
          ChunkedOutputStream chunked = new ChunkedOutputStream(out);
          copy(body.in(), chunked);
          chunked.close();
        }
        default -> { }
      }
      c.flush();
      if (p.exchanges > 0 && c.reader().peek() < 0) {
        c.close();
        throw new RetryableException(null);
      }
      c.deadline(c.idleTimeout());
      do {
        head = Http1Reader.readResponseHead(c.reader(), LIMITS);
      } while (head.code() / 100 == 1);
      c.clearDeadline();
    } catch (RetryableException e) {
      throw e;
    } catch (SocketTimeoutException e) {
      c.close();
      throw new OriginException(504, "origin timed out", e);
    } catch (IOException e) {
      c.close();
      if (p.exchanges > 0 && !(body.framing() instanceof BodyFraming.Chunked)) {
        throw new RetryableException(e);
      }
      throw new OriginException(502, "origin failed: " + e.getMessage(), e);
    } catch (HttpException e) {
      c.close();
      throw new OriginException(502, "malformed response: " + e.getMessage(), null);
    }
    BodyFraming framing;
    InputStream in;
    try {
      framing = Http1Reader.responseFraming(method, head.code(), head.headers());
      in = Http1Reader.body(c.reader(), framing, Long.MAX_VALUE, LIMITS);
    } catch (HttpException | IOException e) {
      c.close();
      throw new OriginException(502, "bad response framing", null);
    }
    boolean keep = !(framing instanceof BodyFraming.UntilClose)
        && (head.status().version().atLeast11()
            ? !head.headers().hasToken("Connection", "close")
            : head.headers().hasToken("Connection", "keep-alive"));
    long length = switch (framing) {
      case BodyFraming.None n -> 0;
      case BodyFraming.Length l -> l.length();
      default -> -1;
    };
    return new Response(head, new PooledBody(in, p, keep, pool), length);
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[16384];
    for (int r; (r = in.read(buf)) > 0; ) out.write(buf, 0, r);
  }

  /** A response body that releases its connection at the end and closes it when abandoned. */
  private static final class PooledBody extends InputStream {
    private final InputStream in;
    private final OriginPool.Pooled p;
    private final boolean keep;
    private final OriginPool pool;
    private boolean done;

    PooledBody(InputStream in, OriginPool.Pooled p, boolean keep, OriginPool pool) {
      this.in = in;
      this.p = p;
      this.keep = keep;
      this.pool = pool;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) return -1;
      int r;
      try {
        r = in.read(b, off, len);
      } catch (IOException e) {
        done = true;
        p.connection.close();
        throw e;
      }
      if (r < 0) {
        done = true;
        if (keep) pool.release(p);
        else p.connection.close();
      }
      return r;
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        p.connection.close();
      }
    }
  }
}
