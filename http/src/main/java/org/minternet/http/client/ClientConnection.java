package org.minternet.http.client;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.minternet.core.net.Connection;
import org.minternet.http.wire.BodyFraming;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Http1Reader;
import org.minternet.http.wire.Http1Writer;
import org.minternet.http.wire.HttpException;
import org.minternet.http.wire.HttpVersion;
import org.minternet.http.wire.Limits;
import org.minternet.http.wire.RequestLine;
import org.minternet.http.wire.ResponseHead;

/**
 * One client connection to an origin (directly, through a proxy, or through a proxy's CONNECT
 * tunnel for https). Requests are written with {@link #send} and responses read in the same order
 * with {@link #receive}, which is all pipelining needs.
 */
final class ClientConnection implements Closeable {
  /** Limits on what a server sends: status line, header section, chunk lines. */
  static final Limits LIMITS = new Limits(16384, 64 * 1024, 200, Long.MAX_VALUE, 1024, 0);

  final Origin origin;
  private final Connection c;
  private final boolean absoluteForm;
  private final boolean decode;
  final long connectNanos;
  private final java.time.Duration readTimeout;
  private boolean reusable = true;
  private int exchanges;
  /** When the connection went back to the pool ({@link System#nanoTime()}). */
  long idleSince;

  private ClientConnection(Origin origin, Connection c, boolean absoluteForm, boolean decode,
      long connectNanos, java.time.Duration readTimeout) {
    this.origin = origin;
    this.readTimeout = readTimeout;
    this.c = c;
    this.absoluteForm = absoluteForm;
    this.decode = decode;
    this.connectNanos = connectNanos;
  }

  /**
   * Opens a connection to {@code origin}, through the configured proxy if any, else trying each
   * resolved address in turn.
   */
  static ClientConnection open(Origin origin, HttpClient.Config cfg) throws IOException {
    long t0 = System.nanoTime();
    Connection c;
    if (cfg.proxy() != null) {
      c = Connection.connect(cfg.proxy(), cfg.connectTimeout(), cfg.name(), cfg.transcript());
    } else {
      c = connect(cfg, origin.host(), origin.port());
    }
    c.idleTimeout(cfg.readTimeout());
    try {
      if (origin.secure()) {
        if (cfg.proxy() != null) tunnel(c, origin);
        c.startTls(cfg.tls(), true, origin.host());
      }
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return new ClientConnection(origin, c, cfg.proxy() != null && !origin.secure(),
        cfg.compressed(), System.nanoTime() - t0, cfg.readTimeout());
  }

  /** A direct TCP connection to {@code host:port}, trying each resolved address in turn. */
  static Connection connect(HttpClient.Config cfg, String host, int port) throws IOException {
    List<InetAddress> addresses = cfg.resolver().addresses(host);
    if (addresses.isEmpty()) throw new java.net.UnknownHostException(host);
    IOException last = null;
    for (InetAddress ip : addresses) {
      try {
        return Connection.connect(new InetSocketAddress(ip, port), cfg.connectTimeout(),
            cfg.name(), cfg.transcript());
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  Connection connection() {
    return c;
  }

  /** Exchanges completed on this connection. */
  int exchanges() {
    return exchanges;
  }

  /** Counts a forwarded exchange whose head was read; the connection stays if both sides agree. */
  void exchanged(ResponseHead head, BodyFraming framing) {
    exchanges++;
    if (!keepAlive(head) || framing instanceof BodyFraming.UntilClose) reusable = false;
  }

  private static boolean keepAlive(ResponseHead head) {
    Headers h = head.headers();
    return head.status().version().atLeast11()
        ? !h.hasToken("Connection", "close") : h.hasToken("Connection", "keep-alive");
  }

  /** No unread bytes wait on the idle connection (a server would not send any unasked). */
  boolean idleClean() {
    return c.reader().buffered() == 0;
  }

  /**
   * Reads a response head within the read timeout, skipping 1xx interim responses (except 101
   * when {@code keep101}): a server trickling its head cannot hold the exchange forever.
   */
  ResponseHead readResponseHead(boolean keep101) throws IOException, HttpException {
    c.deadline(readTimeout);
    try {
      ResponseHead head;
      do {
        head = Http1Reader.readResponseHead(c.reader(), LIMITS);
      } while (head.code() / 100 == 1 && !(keep101 && head.code() == 101));
      return head;
    } finally {
      c.clearDeadline();
    }
  }

  private static void tunnel(Connection c, Origin origin) throws IOException {
    String authority = origin.host() + ":" + origin.port();
    c.write(Http1Writer.encode("CONNECT " + authority + " HTTP/1.1", Headers.of("Host", authority)));
    c.flush();
    try {
      ResponseHead head = Http1Reader.readResponseHead(c.reader(), LIMITS);
      if (head.code() / 100 != 2) throw new IOException("proxy refused CONNECT: " + head.status());
    } catch (HttpException e) {
      throw new IOException("bad proxy response to CONNECT");
    }
  }

  /** Writes a request (head with the given fields, then the body); does not flush. */
  void send(ClientRequest request, Headers headers) throws IOException {
    String target = absoluteForm ? request.uri().toASCIIString() : request.originForm();
    if (absoluteForm && request.uri().getRawFragment() != null) {
      String s = request.uri().toASCIIString();
      target = s.substring(0, s.indexOf('#'));
    }
    Http1Writer.writeRequestHead(c.outputStream(),
        new RequestLine(request.method(), target, HttpVersion.HTTP_1_1), headers);
    c.transcript().sent("http-client", c.peer(), request.method() + " " + target);
    if (request.body().length > 0) c.write(request.body());
    if (headers.hasToken("Connection", "close")) reusable = false;
  }

  void flush() throws IOException {
    c.flush();
  }

  /** The raw head bytes as they would be sent, for {@code -v}. */
  String describe(ClientRequest request, Headers headers) {
    String target = absoluteForm ? request.uri().toASCIIString() : request.originForm();
    return new String(Http1Writer.encode(request.method() + " " + target + " HTTP/1.1", headers),
        StandardCharsets.ISO_8859_1);
  }

  /**
   * Reads the response to {@code request}: skips 1xx interim responses, reads the body by its
   * framing (into memory, or into {@code sink} when given), removes its content codings when the
   * client is in compressed mode (at most {@code maxBody} decoded bytes, and for a body held in
   * memory at most a quarter of the heap), and decides whether the connection can carry another
   * request. {@code progress} counts the bytes transferred.
   *
   * @throws ContentDecodingException when the body cannot be decoded or decodes past the limit
   */
  ClientResponse receive(ClientRequest request, OutputStream sink, HttpClient.Progress progress,
      long originNanos, long sentNanos, long maxBody, boolean redirectsInMemory)
      throws IOException {
    boolean reused = exchanges++ > 0;
    try {
      c.reader().peek();
      long first = System.nanoTime();
      ResponseHead head = readResponseHead(true);
      BodyFraming framing = Http1Reader.responseFraming(request.method(), head.code(), head.headers());
      ContentDecoding.Wire wire = new ContentDecoding.Wire(
          Http1Reader.body(c.reader(), framing, maxBody, LIMITS));
      long total = framing instanceof BodyFraming.Length l ? l.length() : -1;
      if (redirectsInMemory && HttpClient.isRedirect(head.code())
          && head.headers().contains("Location")) {
        sink = null;
        progress = null;
      }
      // a 206 carries a part of the coded bytes, which cannot be decoded on its own
      boolean noBody = framing instanceof BodyFraming.None;
      ContentDecoding.Plan plan = ContentDecoding.plan(
          noBody ? List.of() : ContentDecoding.codings(head.headers()),
          decode && head.code() != 206);
      OutputStream out = sink != null ? sink : new ByteArrayOutputStream();
      long n = 0;
      try {
        long limit = sink != null ? maxBody
            : Math.min(maxBody, Runtime.getRuntime().maxMemory() / 4);
        InputStream in = plan.decoded().isEmpty() ? wire
            : ContentDecoding.open(wire, plan, limit, request.uri().toString());
        try (in) {
          byte[] buf = new byte[16384];
          for (int r; (r = in.read(buf)) > 0; ) {
            out.write(buf, 0, r);
            n += r;
            if (progress != null) progress.update(wire.count(), total);
          }
          if (in != wire) Http1Reader.drain(wire);
        }
      } catch (ContentDecodingException e) {
        reusable = false;
        throw e.of(head.code(), timing(reused, originNanos, sentNanos, first, wire.count(), n));
      }
      Headers h = head.headers();
      if (!keepAlive(head) || framing instanceof BodyFraming.UntilClose || head.code() == 101) reusable = false;
      byte[] body = sink == null ? ((ByteArrayOutputStream) out).toByteArray() : new byte[0];
      return new ClientResponse(head.status(), h, body, request.uri(),
          timing(reused, originNanos, sentNanos, first, wire.count(), n),
          new ClientResponse.Codings(plan.decoded(), plan.kept()));
    } catch (HttpException e) {
      reusable = false;
      throw new IOException("malformed response from " + origin.host() + ": " + e.getMessage());
    } catch (IOException e) {
      reusable = false;
      throw e;
    }
  }

  private ClientResponse.Timing timing(boolean reused, long originNanos, long sentNanos,
      long first, long transferred, long decoded) {
    return new ClientResponse.Timing(
        Math.max(0, sentNanos - originNanos - (reused ? 0 : connectNanos)),
        reused ? 0 : connectNanos, first - sentNanos, System.nanoTime() - first, transferred,
        reused, decoded);
  }

  boolean reusable() {
    return reusable && !c.isClosed();
  }

  URI uriFor(String path) {
    return URI.create(origin.scheme() + "://" + origin.authority() + path);
  }

  @Override
  public void close() {
    c.close();
  }
}
