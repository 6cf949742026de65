package org.minternet.http.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import org.minternet.core.net.Connection;
import org.minternet.http.wire.BodyFraming;
import org.minternet.http.wire.ChunkedOutputStream;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Http1Reader;
import org.minternet.http.wire.Http1Writer;
import org.minternet.http.wire.HttpException;
import org.minternet.http.wire.HttpVersion;
import org.minternet.http.wire.RequestLine;
import org.minternet.http.wire.ResponseHead;

/**
 * One forwarded request over a pooled connection, and its response ({@link HttpClient#forward}).
 *
 * <ol>
 *   <li>take an idle connection to the origin, or open one (a request with a body always gets a
 *       new one, since it could not be sent again);
 *   <li>write the request head and body (Content-Length or chunked, as the client framed it);
 *   <li>read the response head, skipping 1xx interim responses, all of it within the read
 *       timeout (an origin trickling its head cannot hold the exchange forever);
 *   <li>hand back the response with a body stream that returns the connection to the pool once
 *       the body was read to its end, or closes it when abandoned.
 * </ol>
 *
 * A reused connection that fails before any response byte arrived was probably closed by the
 * origin while idle: the request is then sent again once on a new connection (RFC 9112 §9.3.1).
 */
final class Forwarding {
  private final HttpClient.Config config;
  private final ConnectionPool pool;

  Forwarding(HttpClient.Config config, ConnectionPool pool) {
    this.config = config;
    this.pool = pool;
  }

  ForwardedResponse forward(Origin origin, String method, String target, Headers headers,
      BodyFraming framing, InputStream body) throws IOException {
    boolean hasBody = !(framing instanceof BodyFraming.None);
    ClientConnection p = hasBody ? null : pool.take(origin);
    if (p != null) {
      try {
        return attempt(p, method, target, headers, framing, body);
      } catch (StaleConnection e) {
        // closed by the origin while idle: once more on a fresh one
      }
    }
    p = ClientConnection.open(origin, config);
    try {
      return attempt(p, method, target, headers, framing, body);
    } catch (StaleConnection e) {
      throw new IOException("origin closed the connection", e.getCause());
    }
  }

  /** A reused connection that failed before the response started. */
  private static final class StaleConnection extends Exception {
    StaleConnection(Throwable cause) {
      super(cause);
    }
  }

  private ForwardedResponse attempt(ClientConnection p, String method, String target,
      Headers headers, BodyFraming framing, InputStream body) throws IOException, StaleConnection {
    Connection c = p.connection();
    boolean reused = p.exchanges() > 0;
    ResponseHead head;
    try {
      Headers.Builder h = headers.toBuilder();
      Http1Writer.requestFraming(h, method, framing);
      OutputStream out = c.outputStream();
      Http1Writer.writeRequestHead(out, new RequestLine(method, target, HttpVersion.HTTP_1_1),
          h.build());
      switch (framing) {
        case BodyFraming.Length l -> body.transferTo(out);
        case BodyFraming.Chunked ch -> {
          ChunkedOutputStream chunked = new ChunkedOutputStream(out);
          body.transferTo(chunked);
          chunked.close();
        }
        default -> { }
      }
      c.flush();
      if (reused && c.reader().peek() < 0) {
        p.close();
        throw new StaleConnection(null);
      }
      head = p.readResponseHead(false);
    } catch (StaleConnection e) {
      throw e;
    } catch (SocketTimeoutException e) {
      p.close();
      throw e;
    } catch (HttpException e) {
      p.close();
      throw new IOException("malformed response: " + e.getMessage());
    } catch (IOException e) {
      p.close();
      if (reused && !(framing instanceof BodyFraming.Chunked)) throw new StaleConnection(e);
      throw e;
    }
    BodyFraming responseFraming;
    InputStream in;
    try {
      responseFraming = Http1Reader.responseFraming(method, head.code(), head.headers());
      in = Http1Reader.body(c.reader(), responseFraming, Long.MAX_VALUE, ClientConnection.LIMITS);
    } catch (HttpException | IOException e) {
      p.close();
      throw new IOException("bad response framing");
    }
    p.exchanged(head, responseFraming);
    long length = switch (responseFraming) {
      case BodyFraming.None n -> 0;
      case BodyFraming.Length l -> l.length();
      default -> -1;
    };
    return new ForwardedResponse(head, new PooledBody(in, p, pool), length);
  }

  /** A response body that releases its connection at the end and closes it when abandoned. */
  private static final class PooledBody extends InputStream {
    private final InputStream in;
    private final ClientConnection p;
    private final ConnectionPool pool;
    private boolean done;

    PooledBody(InputStream in, ClientConnection p, ConnectionPool pool) {
      this.in = in;
      this.p = p;
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
        p.close();
        throw e;
      }
      if (r < 0) {
        done = true;
        pool.release(p);
      }
      return r;
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        p.close();
      }
    }
  }
}
