package org.minternet.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.minternet.core.io.LineReader;
import org.minternet.http.wire.Http1Reader;
import org.minternet.http.wire.Limits;
import org.minternet.http.wire.ResponseHead;

/** A raw socket peer for server tests: writes literal bytes, reads responses with the codec. */
final class Raw implements Closeable {
  private final Socket socket;
  private final LineReader in;

  Raw(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(15000);
    in = new LineReader(socket.getInputStream(), LineReader.Endings.STRICT, 65536);
  }

  Raw send(String raw) throws IOException {
    socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  /** A response: head and body (by Content-Length; HEAD and 304 have none). */
  record Resp(ResponseHead head, byte[] body) {
    int code() {
      return head.code();
    }

    String header(String name) {
      return head.headers().get(name);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  Resp read(String method) throws Exception {
    ResponseHead head;
    do {
      head = Http1Reader.readResponseHead(in, Limits.DEFAULT);
    } while (head.code() == 100);
    InputStream body = Http1Reader.body(in,
        Http1Reader.responseFraming(method, head.code(), head.headers()), 1 << 26, Limits.DEFAULT);
    return new Resp(head, Http1Reader.readAll(body, 1 << 26));
  }

  Resp read() throws Exception {
    return read("GET");
  }

  /** Reads one interim response line (e.g. 100 Continue) and its empty line. */
  String readLine() throws IOException {
    return in.readLine();
  }

  /** True if the server closed the connection (end of stream with nothing more). */
  boolean closedByServer() throws IOException {
    return in.read() < 0;
  }

  static Resp exchange(int port, String raw) throws Exception {
    try (Raw r = new Raw(port)) {
      return r.send(raw).read(raw.startsWith("HEAD") ? "HEAD" : "GET");
    }
  }

  static InputStream stream(byte[] b) {
    return new ByteArrayInputStream(b);
  }

  static String slurp(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
