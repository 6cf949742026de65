package org.minternet.http.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.minternet.core.io.LineReader;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Http1Reader;
import org.minternet.http.wire.HttpException;
import org.minternet.http.wire.Limits;
import org.minternet.http.wire.ResponseHead;

/** A persistent client connection to the proxy that sends literal request heads. */
final class RawClient implements AutoCloseable {
  record Got(int status, Headers headers, String body) {
    String header(String name) {
      return headers.get(name);
    }
  }

  private final Socket socket;
  private final LineReader in;
  private final OutputStream out;

  RawClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(20_000);
    in = new LineReader(socket.getInputStream(), LineReader.Endings.STRICT, 65536);
    out = socket.getOutputStream();
  }

  /** Sends {@code GET url} with extra header lines ("Name: value"). */
  Got get(String url, String... headers) throws IOException {
    return send("GET", url, null, headers);
  }

  Got send(String method, String url, String body, String... headers) throws IOException {
    StringBuilder sb = new StringBuilder(method + " " + url + " HTTP/1.1\r\n");
    boolean host = false;
    for (String h : headers) {
      sb.append(h).append("\r\n");
      if (h.regionMatches(true, 0, "Host:", 0, 5)) host = true;
    }
    if (!host) sb.append("Host: ").append(hostOf(url)).append("\r\n");
    if (body != null) sb.append("Content-Length: ").append(body.length()).append("\r\n");
    sb.append("\r\n");
    if (body != null) sb.append(body);
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return read(method);
  }

  void write(String raw) throws IOException {
    out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  Got read(String method) throws IOException {
    try {
      ResponseHead head;
      do {
        head = Http1Reader.readResponseHead(in, Limits.DEFAULT);
      } while (head.code() / 100 == 1);
      InputStream body = Http1Reader.body(in,
          Http1Reader.responseFraming(method, head.code(), head.headers()), 1 << 26,
          Limits.DEFAULT);
      return new Got(head.code(), head.headers(),
          new String(Http1Reader.readAll(body, 1 << 26), StandardCharsets.ISO_8859_1));
    } catch (HttpException e) {
      throw new IOException(e.getMessage());
    }
  }

  /** Reads one raw line of the response. */
  String line() throws IOException {
    return in.readLine();
  }

  /** True when the proxy closed the connection. */
  boolean closedByPeer() throws IOException {
    return in.peek() < 0;
  }

  private static String hostOf(String url) {
    if (url.startsWith("/")) return "localhost";
    String rest = url.substring(url.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
