package org.minternet.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.minternet.core.io.LineReader;
import org.minternet.core.net.Connection;
import org.minternet.core.net.ConnectionHandler;
import org.minternet.core.tap.Transcript;
import org.minternet.http.wire.BodyException;
import org.minternet.http.wire.BodyFraming;
import org.minternet.http.wire.ChunkedOutputStream;
import org.minternet.http.wire.FormData;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Http1Reader;
import org.minternet.http.wire.Http1Writer;
import org.minternet.http.wire.HttpDate;
import org.minternet.http.wire.HttpException;
import org.minternet.http.wire.HttpVersion;
import org.minternet.http.wire.RequestHead;
import org.minternet.http.wire.Status;

/**
 * Serves one connection: reads requests one after another and answers each in order, so that
 * pipelined requests get their responses in sequence (RFC 9112 §9.3.2).
 *
 * <p>Per request:
 *
 * <ol>
 *   <li>wait for the first byte with the idle timeout (an idle connection is closed silently);
 *   <li>read the head within the head deadline (too slow: 408 and close);
 *   <li>check Host, select the site, route, check the method (405) and authentication;
 *   <li>read the body within the route's limit (413), answering {@code Expect: 100-continue};
 *   <li>call the handler, save the session, write the response, log it;
 *   <li>keep the connection if both sides want to (HTTP/1.1 default, HTTP/1.0 keep-alive).
 * </ol>
 */
final class ServerConnection implements ConnectionHandler {
  private static final Logger LOG = System.getLogger(ServerConnection.class.getName());
  private static final Set<String> KNOWN = Set.of("GET", "HEAD", "POST", "PUT", "DELETE",
      "OPTIONS", "TRACE", "CONNECT", "PATCH");

  /** uri-host [ ":" port ] (RFC 9110 §7.2): reg-name or IPv4, or an IP literal in brackets. */
  private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile(
      "[A-Za-z0-9.\\-_~!$&'()*+,;=%]+(:[0-9]*)?|\\[[0-9A-Fa-f:.]+\\](:[0-9]*)?");

  private final HttpServer.Config config;
  private final SessionStore sessions;

  ServerConnection(HttpServer.Config config, SessionStore sessions) {
    this.config = config;
    this.sessions = sessions;
  }

  @Override
  public void handle(Connection c) throws IOException {
    LineReader in = c.reader();
    while (true) {
      c.clearDeadline();
      c.idleTimeout(config.idleTimeout());
      try {
        if (in.peek() < 0) return;
      } catch (SocketTimeoutException e) {
        return;
      }
      c.deadline(config.headTimeout());
      RequestHead head;
      try {
        head = Http1Reader.readRequestHead(in, config.limits());
      } catch (HttpException e) {
        sendError(c, null, e.status());
        return;
      } catch (SocketTimeoutException e) {
        sendError(c, null, 408);
        return;
      }
      if (head == null) return;
      c.clearDeadline();
      if (c.transcript() != Transcript.NONE) record(c, true, head.line().toString(), head.headers(), -1);
      if (!serve(c, head)) return;
      if (in.buffered() == 0) c.flush();
    }
  }

  /** Serves one request; returns whether the connection stays open. */
  private boolean serve(Connection c, RequestHead head) throws IOException {
    Exchange x = new Exchange(c, head);
    try {
      return x.run();
    } catch (HttpException e) {
      x.finish(Response.error(e.status()), e.close() || x.bodyPending);
      return !(e.close() || x.bodyPending) && x.keepAlive;
    } catch (BodyException e) {
      x.finish(Response.error(e.status()), true);
      return false;
    } catch (SocketTimeoutException e) {
      x.finish(Response.error(408), true);
      return false;
    }
  }

  private void sendError(Connection c, RequestHead head, int status) {
    try {
      Response r = Response.error(status);
      writeResponse(c, HttpVersion.HTTP_1_1, false, false, r);
      c.flush();
      log(c, null, head == null ? "-" : head.line().toString(), status, r.body().length(), null);
    } catch (IOException e) {
      // the peer is gone
    }
  }

  /** The state of one request-response exchange. */
  private final class Exchange {
    final Connection c;
    final RequestHead head;
    boolean keepAlive;
    boolean bodyPending;
    String user;

    Exchange(Connection c, RequestHead head) {
      this.c = c;
      this.head = head;
      Headers h = head.headers();
      this.keepAlive = head.version().atLeast11()
          ? !h.hasToken("Connection", "close")
          : h.hasToken("Connection", "keep-alive");
      this.bodyPending = !(head.framing() instanceof BodyFraming.None);
    }

    boolean run() throws IOException, HttpException {
      String method = head.method();
      Target target = Target.parse(head.target(), method);
      String host = host(target);
      Site site = config.site(host);
      if (!KNOWN.contains(method)) throw new HttpException(501, "unknown method", false);
      if (target.asterisk()) {
        return finishWith(Response.status(204).header("Allow",
            "GET, HEAD, POST, PUT, DELETE, OPTIONS"), null);
      }
      Site.Route route = null;
      Set<String> allowed = new LinkedHashSet<>();
      for (Site.Route r : site.routes()) {
        if (!r.matches(target.path())) continue;
        if (r.allows(method)) {
          route = r;
          break;
        }
        allowed.addAll(r.methods());
      }
      long maxBody;
      if (route != null) {
        maxBody = route.maxBody();
      } else if (!allowed.isEmpty()) {
        if (allowed.contains("GET")) allowed.add("HEAD");
        allowed.add("OPTIONS");
        String allow = String.join(", ", allowed);
        Response r = method.equals("OPTIONS") ? Response.status(204) : Response.error(405);
        return finishWith(r.header("Allow", allow), null);
      } else if (site.files() != null) {
        maxBody = method.equals("PUT") ? site.maxBody() : 0;
        if (method.equals("PUT") || method.equals("DELETE")) {
          Response refusal = authenticate();
          if (refusal != null) return finishWith(refusal, null);
        }
      } else {
        return finishWith(Response.error(404), null);
      }
      byte[] body = readBody(maxBody);
      Request request = new Request(method, target.path(), target.rawPath(), target.query(),
          head.version(), head.headers(), body, c.remoteAddress(), c.isSecure(), site, user,
          sessions);
      Response response;
      try {
        response = route != null ? route.handler().handle(request) : site.files().handle(request);
      } catch (HttpException e) {
        response = Response.error(e.status());
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, config.name() + ": handler failed for " + head.line(), e);
        response = Response.error(500);
      }
      Session s = request.sessionIfUsed();
      if (s != null) {
        if (s.dirty()) sessions.save(site.name(), s);
        if (s.isNew() && s.dirty()) {
          response.header("Set-Cookie", SessionStore.COOKIE + "=" + s.id()
              + "; Path=/; HttpOnly; SameSite=Lax" + (c.isSecure() ? "; Secure" : ""));
        }
      }
      return finishWith(response, request);
    }

    private boolean finishWith(Response r, Request request) throws IOException {
      if (bodyPending) {
        // The body was not wanted. A small one is read and dropped to keep the connection; a large
        // one, or one the client holds back until 100 Continue (RFC 9110 §10.1.1), closes it.
        boolean awaitsContinue = head.headers().contains("Expect");
        if (!awaitsContinue && head.framing() instanceof BodyFraming.Length l
            && l.length() <= 64 * 1024) {
          c.deadline(config.bodyTimeout());
          try {
            Http1Reader.drain(Http1Reader.body(c.reader(), head.framing(), Long.MAX_VALUE,
                config.limits()));
          } finally {
            c.clearDeadline();
          }
          bodyPending = false;
        } else {
          keepAlive = false;
        }
      }
      finish(r, !keepAlive);
      return keepAlive;
    }

    void finish(Response r, boolean close) {
      if (close) keepAlive = false;
      boolean headRequest = head.method().equals("HEAD");
      if (r.body() instanceof Response.Streamed && !head.version().atLeast11() && !headRequest) {
        keepAlive = false;
      }
      long sent = 0;
      try {
        sent = writeResponse(c, head.version(), keepAlive, headRequest, r);
        if (!keepAlive) c.flush();
      } catch (IOException e) {
        // the client went away mid-response (a media player seeking does): still logged, as nginx
        keepAlive = false;
      }
      log(c, user, head.line().toString(), r.status(), sent, head.headers());
    }

    /** Basic authentication for PUT and DELETE (RFC 7617), over TLS unless configured. */
    private Response authenticate() {
      if (!c.isSecure() && !config.basicAuthOverPlainHttp()) {
        return Response.text(403, "PUT and DELETE need HTTPS\n");
      }
      String auth = head.headers().get("Authorization");
      if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
        try {
          String pair = new String(Base64.getDecoder().decode(auth.substring(6).trim()),
              StandardCharsets.UTF_8);
          int colon = pair.indexOf(':');
          if (colon > 0 && config.authenticator().check(pair.substring(0, colon),
              pair.substring(colon + 1))) {
            user = pair.substring(0, colon);
            return null;
          }
        } catch (IllegalArgumentException e) {
          // malformed base64: same answer as a wrong password
        }
      }
      return Response.error(401).header("WWW-Authenticate",
          "Basic realm=\"minternet\", charset=\"UTF-8\"");
    }

    private byte[] readBody(long maxBody) throws IOException, HttpException {
      if (!bodyPending) return new byte[0];
      if (head.framing() instanceof BodyFraming.Length l && l.length() > maxBody) {
        throw new HttpException(413, "body too large");
      }
      List<String> expect = head.headers().all("Expect");
      if (!expect.isEmpty()) {
        if (expect.size() != 1 || !expect.get(0).equalsIgnoreCase("100-continue")) {
          throw new HttpException(417, "unsupported expectation");
        }
        if (head.version().atLeast11()) {
          c.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          c.flush();
        }
      }
      c.deadline(config.bodyTimeout());
      try {
        InputStream body = Http1Reader.body(c.reader(), head.framing(), maxBody, config.limits());
        byte[] data = Http1Reader.readAll(body, maxBody);
        bodyPending = false;
        return data;
      } finally {
        c.clearDeadline();
      }
    }

    private String host(Target target) throws HttpException {
      List<String> hosts = head.headers().all("Host");
      if (hosts.size() > 1) throw new HttpException(400, "several Host fields");
      if (hosts.isEmpty() && head.version().atLeast11()) throw new HttpException(400, "no Host");
      String host = target.host() != null ? target.host() : hosts.isEmpty() ? "" : hosts.get(0);
      if (!host.isEmpty() && !HOST.matcher(host).matches()) {
        throw new HttpException(400, "bad Host");
      }
      int colon = host.lastIndexOf(':');
      if (colon >= 0 && host.indexOf(']') < colon) host = host.substring(0, colon);
      return host.toLowerCase(Locale.ROOT);
    }
  }

  /** Writes a response; returns the number of body bytes sent. */
  private long writeResponse(Connection c, HttpVersion requestVersion, boolean keepAlive,
      boolean headRequest, Response r) throws IOException {
    int status = r.status();
    Headers.Builder h = r.headerBuilder();
    h.set("Date", DateCache.now());
    if (!h.contains("Server")) h.add("Server", "Minternet");
    Response.Body body = r.body();
    boolean bodyless = status / 100 == 1 || status == 204 || status == 304;
    boolean chunked = false;
    h.remove("Transfer-Encoding");
    if (bodyless) {
      h.remove("Content-Length");
    } else if (body.length() >= 0) {
      h.set("Content-Length", Long.toString(body.length()));
    } else {
      h.remove("Content-Length");
      chunked = requestVersion.atLeast11();
      if (chunked) h.set("Transfer-Encoding", "chunked");
    }
    if (!keepAlive) h.set("Connection", "close");
    else if (!requestVersion.atLeast11()) h.set("Connection", "keep-alive");
    OutputStream out = c.outputStream();
    String statusLine = "HTTP/1.1 " + status + " " + Status.reason(status);
    Headers fields = h.build();
    out.write(Http1Writer.encode(statusLine, fields));
    if (c.transcript() != Transcript.NONE) {
      record(c, false, statusLine, fields, bodyless || headRequest ? -1 : body.length());
    }
    if (bodyless || headRequest) return 0;
    switch (body) {
      case Response.Bytes b -> out.write(b.data());
      case Response.FileRegion f -> copy(f, out);
      case Response.Streamed st -> {
        CountingOutputStream counted = new CountingOutputStream(out);
        if (chunked) {
          ChunkedOutputStream chunks = new ChunkedOutputStream(counted);
          st.writer().writeTo(chunks);
          chunks.close();
        } else {
          st.writer().writeTo(counted);
        }
        return counted.count;
      }
    }
    return body.length();
  }

  /** Counts what passes through, for the access log. */
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

  /** Records a message head (and the body size) in the transcript, as C: and S: lines. */
  private static void record(Connection c, boolean received, String startLine, Headers headers,
      long bodyBytes) {
    Transcript t = c.transcript();
    String service = c.service();
    String peer = c.peer();
    if (received) t.received(service, peer, startLine);
    else t.sent(service, peer, startLine);
    for (Headers.Field f : headers.fields()) {
      String line = f.name() + ": " + f.value();
      if (received) t.received(service, peer, line);
      else t.sent(service, peer, line);
    }
    if (bodyBytes > 0) t.sent(service, peer, "<" + bodyBytes + " bytes>");
  }

  private static void copy(Response.FileRegion f, OutputStream out) throws IOException {
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
  }

  private void log(Connection c, String user, String requestLine, int status, long bytes,
      Headers headers) {
    if (config.accessLog() == null) return;
    config.accessLog().accept(AccessLog.format(c.remoteAddress().getAddress().getHostAddress(),
        user, AccessLog.now(), requestLine, status, bytes,
        headers == null ? null : headers.get("Referer"),
        headers == null ? null : headers.get("User-Agent")));
  }

  /** The request-target split into path and query (RFC 9112 §3.2). */
  record Target(String host, String rawPath, String path, String query, boolean asterisk) {
    static Target parse(String target, String method) throws HttpException {
      if (target.equals("*")) {
        if (!method.equals("OPTIONS")) throw new HttpException(400, "asterisk-form", false);
        return new Target(null, "*", "*", "", true);
      }
      String host = null;
      String rest = target;
      if (!target.startsWith("/")) {
        int scheme = target.indexOf("://");
        if (scheme <= 0) throw new HttpException(400, "bad request-target", false);
        String s = target.substring(0, scheme).toLowerCase(Locale.ROOT);
        if (!s.equals("http") && !s.equals("https")) throw new HttpException(400, "bad scheme", false);
        int slash = target.indexOf('/', scheme + 3);
        host = target.substring(scheme + 3, slash < 0 ? target.length() : slash);
        int at = host.lastIndexOf('@');
        if (at >= 0) host = host.substring(at + 1);
        rest = slash < 0 ? "/" : target.substring(slash);
      }
      int hash = rest.indexOf('#');
      if (hash >= 0) rest = rest.substring(0, hash);
      int q = rest.indexOf('?');
      String rawPath = q < 0 ? rest : rest.substring(0, q);
      String query = q < 0 ? "" : rest.substring(q + 1);
      String path = FormData.decode(rawPath, false);
      if (path.indexOf('\0') >= 0) throw new HttpException(400, "NUL in path", false);
      return new Target(host, rawPath, path, query, false);
    }
  }

  /** The Date header value, formatted at most once a second. */
  static final class DateCache {
    private record Entry(long second, String text) {}

    private static volatile Entry current = new Entry(0, "");

    static String now() {
      long second = System.currentTimeMillis() / 1000;
      Entry e = current;
      if (e.second != second) {
        e = new Entry(second, HttpDate.format(Instant.ofEpochSecond(second)));
        current = e;
      }
      return e.text;
    }
  }
}
