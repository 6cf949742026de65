package org.minternet.http.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.minternet.core.net.Connection;
import org.minternet.core.net.TcpListener;
import org.minternet.http.wire.BodyFraming;
import org.minternet.http.wire.ChunkedOutputStream;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Http1Reader;
import org.minternet.http.wire.Http1Writer;
import org.minternet.http.wire.HttpException;
import org.minternet.http.wire.HttpDate;
import org.minternet.http.wire.HttpVersion;
import org.minternet.http.wire.Limits;
import org.minternet.http.wire.RequestHead;
import org.minternet.http.wire.StatusLine;

/**
 * An origin server for tests that answers with a script and records every request it received.
 * It adds Date (from the given clock) unless the script set one, and frames bodies with
 * Content-Length, or chunked when the script sets {@code Transfer-Encoding: chunked}.
 */
final class ScriptedOrigin implements AutoCloseable {
  record Seen(String method, String target, Headers headers, byte[] body) {}

  record Answer(int status, Headers headers, byte[] body) {
    static Answer ok(String body, String... headers) {
      return new Answer(200, Headers.of(headers), body.getBytes(StandardCharsets.UTF_8));
    }

    static Answer of(int status, String body, String... headers) {
      return new Answer(status, Headers.of(headers), body.getBytes(StandardCharsets.UTF_8));
    }
  }

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private volatile Function<Seen, Answer> script;
  /** Closes each connection after one response without saying so (a keep-alive timeout race). */
  volatile boolean closeSilently;
  /** Adds Date to answers that have none (default). */
  volatile boolean sendDate = true;
  private final TcpListener listener;

  ScriptedOrigin(Clock clock, Function<Seen, Answer> script) throws IOException {
    this.clock = clock;
    this.script = script;
    this.listener = TcpListener.builder().name("origin").bind(InetAddress.getLoopbackAddress())
        .port(0).handler(this::serve).start();
  }

  void script(Function<Seen, Answer> s) {
    this.script = s;
  }

  int port() {
    return listener.port();
  }

  long connections() {
    return listener.acceptedConnections();
  }

  /** Requests received for {@code target}. */
  long count(String target) {
    return seen.stream().filter(s -> s.target().equals(target)).count();
  }

  Seen last() {
    return seen.get(seen.size() - 1);
  }

  private void serve(Connection c) throws IOException {
    while (true) {
      RequestHead head;
      try {
        head = Http1Reader.readRequestHead(c.reader(), Limits.DEFAULT);
      } catch (HttpException e) {
        return;
      }
      if (head == null) return;
      InputStream in = Http1Reader.body(c.reader(), head.framing(), 1 << 24, Limits.DEFAULT);
      byte[] body = Http1Reader.readAll(in, 1 << 24);
      Seen s = new Seen(head.method(), head.target(), head.headers(), body);
      seen.add(s);
      Answer a = script.apply(s);
      if (a == null) return;
      Headers.Builder h = a.headers().toBuilder();
      if (!h.contains("Date") && sendDate) h.add("Date", HttpDate.format(Instant.ofEpochMilli(clock.millis())));
      boolean chunked = "chunked".equals(h.get("Transfer-Encoding"));
      boolean noBody = head.method().equals("HEAD") || a.status() == 304 || a.status() == 204;
      if (!chunked && !h.contains("Content-Length") && a.status() != 304 && a.status() != 204) {
        h.add("Content-Length", Integer.toString(a.body().length));
      }
      Http1Writer.writeResponseHead(c.outputStream(),
          new StatusLine(HttpVersion.HTTP_1_1, a.status(), "Scripted"), h.build());
      if (!noBody) {
        if (chunked) {
          ChunkedOutputStream out = new ChunkedOutputStream(c.outputStream());
          out.write(a.body());
          out.close();
        } else {
          c.write(a.body());
        }
      }
      c.flush();
      if (head.headers().hasToken("Connection", "close") || closeSilently) return;
    }
  }

  @Override
  public void close() {
    listener.close();
  }
}
