package org.minternet.http.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import org.minternet.core.io.LineReader;
import org.minternet.core.net.Connection;
import org.minternet.core.net.ConnectionHandler;
import org.minternet.core.tap.Transcript;
import org.minternet.http.wire.BodyException;
import org.minternet.http.wire.BodyFraming;
import org.minternet.http.wire.ChunkedOutputStream;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Http1Reader;
import org.minternet.http.wire.Http1Writer;
import org.minternet.http.wire.HttpException;
import org.minternet.http.wire.HttpVersion;
import org.minternet.http.wire.RequestHead;

/**
 * The HTTP/1.1 server connection loop (RFC 9112), the one the origin server and the proxy share:
 * it reads requests one after another and answers each in order, so that pipelined requests get
 * their responses in sequence (§9.3.2). A {@link Responder} supplies the answers.
 *
 * <p>Per request:
 *
 * <ol>
 *   <li>wait for the first byte with the idle timeout (an idle connection is closed silently);
 *   <li>read the head within the head timeout (too slow: 408 and close; malformed: the
 *       codec's status and close);
 *   <li>let the responder answer; it reads the body if it wants it, which sends {@code 100
 *       Continue} to a client waiting for it;
 *   <li>read the rest of the body, or a small unread one, so that the next request can follow
 *       (a large unread body closes the connection);
 *   <li>write the response with the framing the codec decides ({@link
 *       Http1Writer#responseFraming}), hand the connection over for a tunnel, report the
 *       exchange to the responder;
 *   <li>keep the connection if both sides want to (HTTP/1.1 default, HTTP/1.0 keep-alive),
 *       flushing only when no pipelined request is already waiting.
 * </ol>
 */
public final class Http1Connection implements ConnectionHandler {
  /**
   * The timeouts and limits of the loop.
   *
   * @param idleTimeout longest wait for the next request on a kept connection
   * @param headTimeout deadline for a whole head once its first byte arrived (slowloris defence)
   * @param bodyTimeout deadline for reading a whole body
   * @param limits the codec's size limits
   * @param maxDiscardedBody largest unread body read and dropped to keep the connection
   */
  public record Settings(Duration idleTimeout, Duration headTimeout, Duration bodyTimeout,
      org.minternet.http.wire.Limits limits, long maxDiscardedBody) {
    /** A body up to this size that nobody read is dropped to keep the connection. */
    public static final long DEFAULT_MAX_DISCARDED_BODY = 64 * 1024;
    /** Default deadline for a whole request body. */
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofMinutes(5);

    public Settings {
      Objects.requireNonNull(idleTimeout);
      Objects.requireNonNull(headTimeout);
      Objects.requireNonNull(bodyTimeout);
      Objects.requireNonNull(limits);
    }
  }

  private final Settings settings;
  private final Responder responder;

  public Http1Connection(Settings settings, Responder responder) {
    this.settings = Objects.requireNonNull(settings);
    this.responder = Objects.requireNonNull(responder);
  }

  @Override
  public void handle(Connection c) throws IOException {
    LineReader in = c.reader();
    while (true) {
      c.clearDeadline();
      c.idleTimeout(settings.idleTimeout());
      try {
        if (in.peek() < 0) return;
      } catch (SocketTimeoutException e) {
        return;
      }
      long start = System.nanoTime();
      c.deadline(settings.headTimeout());
      RequestHead head;
      try {
        head = Http1Reader.readRequestHead(in, settings.limits());
      } catch (HttpException e) {
        refuse(c, e.status(), start);
        return;
      } catch (SocketTimeoutException e) {
        refuse(c, 408, start);
        return;
      }
      if (head == null) return;
      c.clearDeadline();
      if (c.transcript() != Transcript.NONE) {
        recordReceived(c, head.line().toString(), head.headers());
      }
      if (!exchange(c, new Exchange(c, head, settings, start))) return;
    }
  }

  /** Answers a head that could not be read, and closes. */
  private void refuse(Connection c, int status, long start) {
    Exchange x = new Exchange(c, null, settings, start);
    x.closeAfterResponse();
    send(c, x, responder.error(x, status));
  }

  /** One exchange; returns whether the connection stays open. */
  private boolean exchange(Connection c, Exchange x) throws IOException {
    Outgoing response;
    try {
      response = responder.respond(x);
    } catch (HttpException e) {
      if (e.close()) x.closeAfterResponse();
      response = responder.error(x, e.status());
    } catch (BodyException e) {
      x.closeAfterResponse();
      response = responder.error(x, e.status());
    } catch (SocketTimeoutException e) {
      c.clearDeadline();
      x.closeAfterResponse();
      response = responder.error(x, 408);
    }
    if (!x.closing() && response.takeover() == null) {
      boolean clean;
      try {
        clean = x.skipBody();
      } catch (IOException e) {
        discard(response.body());
        throw e;
      }
      if (!clean) x.closeAfterResponse();
    }
    return send(c, x, response);
  }

  /** Writes a response and reports it; returns whether the connection stays open. */
  private boolean send(Connection c, Exchange x, Outgoing r) {
    RequestHead head = x.head();
    String method = head == null ? "GET" : head.method();
    HttpVersion version = head == null ? HttpVersion.HTTP_1_1 : head.version();
    Body body = r.body();
    BodyFraming framing = Http1Writer.responseFraming(method, r.status(), body.length(), version);
    boolean close = x.closing() || !x.keepAliveRequested() || r.takeover() != null
        || framing instanceof BodyFraming.UntilClose || r.headers().hasToken("Connection", "close");
    long[] sent = new long[1];
    boolean aborted = false;
    try {
      OutputStream out = c.outputStream();
      long bodylessLength = method.equals("HEAD")
          && (body instanceof Body.Bytes || body instanceof Body.FileRegion) ? body.length() : -1;
      byte[] headBytes = r.takeover() != null
          ? Http1Writer.responseHead(r.status(), r.reason(), r.headers(), framing, -1, false,
              HttpVersion.HTTP_1_1)
          : Http1Writer.responseHead(r.status(), r.reason(), r.headers(), framing,
              bodylessLength, close, version);
      out.write(headBytes);
      if (c.transcript() != Transcript.NONE) {
        recordSent(c, headBytes, framing instanceof BodyFraming.None ? -1 : body.length());
      }
      if (r.takeover() != null) {
        try {
          c.flush();
        } catch (IOException e) {
          r.takeover().cancel();
          throw e;
        }
        sent[0] = r.takeover().run(c);
      } else {
        writeBody(c, body, framing, sent);
      }
    } catch (IOException e) {
      // the client went away mid-response (a media player seeking does): still reported
      aborted = true;
      close = true;
      discard(body);
    }
    // reported before the last flush, so that the report is there when the client has the reply
    responder.completed(x, r, sent[0], aborted);
    if (!aborted && (close || c.reader().buffered() == 0)) {
      try {
        c.flush();
      } catch (IOException e) {
        close = true;
      }
    }
    if (close) c.close();
    return !close;
  }

  private static void writeBody(Connection c, Body body, BodyFraming framing, long[] sent)
      throws IOException {
    OutputStream out = c.outputStream();
    if (framing instanceof BodyFraming.None) {
      if (body instanceof Body.Piped p) {
        if (p.length() == 0) copy(p.in(), OutputStream.nullOutputStream(), null, new long[1]);
        else discard(body);
      }
      return;
    }
    boolean chunked = framing instanceof BodyFraming.Chunked;
    switch (body) {
      case Body.Bytes b -> {
        out.write(b.data());
        sent[0] = b.data().length;
      }
      case Body.FileRegion f -> sent[0] = copy(f, out);
      case Body.Streamed st -> {
        CountingOutputStream counted = new CountingOutputStream(out);
        OutputStream target = chunked ? new ChunkedOutputStream(counted) : counted;
        st.writer().writeTo(target);
        if (chunked) target.close();
        sent[0] = counted.count;
      }
      case Body.Piped p -> {
        OutputStream target = chunked ? new ChunkedOutputStream(out) : out;
        copy(p.in(), target, c, sent);
        if (chunked) target.close();
      }
    }
  }

  /** Streams a body, flushing as data arrives so that the client sees progress. */
  private static void copy(InputStream in, OutputStream out, Connection c, long[] sent)
      throws IOException {
    byte[] buf = new byte[16384];
    try (in) {
      for (int r; (r = in.read(buf)) > 0; ) {
        out.write(buf, 0, r);
        sent[0] += r;
        if (c != null && r < buf.length) c.flush();
      }
    }
  }

  private static long copy(Body.FileRegion f, OutputStream out) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(f.file().toFile(), "r")) {
      raf.seek(f.offset());
      byte[] buf = new byte[(int) Math.min(65536, Math.max(1, f.length()))];
      long left = f.length();
      while (left > 0) {
        int r = raf.read(buf, 0, (int) Math.min(buf.length, left));
        if (r < 0) throw new IOException("file shrank while being sent");
        out.write(buf, 0, r);
        left -= r;
      }
    }
    return f.length();
  }

  /** Closes a streaming body that will not be sent (its connection is not reused). */
  private static void discard(Body body) {
    if (body instanceof Body.Piped p) {
      try {
        p.in().close();
      } catch (IOException ignored) {
        // nothing to release
      }
    }
  }

  /** Counts what passes through; the connection's stream stays open on close. */
  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() {
      // the connection's stream stays open
    }
  }

  /** Records a response head as sent (and the body size) in the transcript, as S: lines. */
  private static void recordSent(Connection c, byte[] head, long bodyBytes) {
    Transcript t = c.transcript();
    String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
    for (String line : text.split("\r\n")) {
      if (!line.isEmpty()) t.sent(c.service(), c.peer(), line);
    }
    if (bodyBytes > 0) t.sent(c.service(), c.peer(), "<" + bodyBytes + " bytes>");
  }

  /** Records a request head in the transcript, as C: lines. */
  private static void recordReceived(Connection c, String requestLine, Headers headers) {
    Transcript t = c.transcript();
    t.received(c.service(), c.peer(), requestLine);
    for (Headers.Field f : headers.fields()) {
      t.received(c.service(), c.peer(), f.name() + ": " + f.value());
    }
  }
}
