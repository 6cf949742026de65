package org.minternet.http.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.minternet.core.net.Connection;
import org.minternet.http.wire.ChunkedOutputStream;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.HttpVersion;

/**
 * Writes a {@link Reply} to the client with this hop's framing (RFC 9112 §6): Content-Length when
 * the length is known, chunked to an HTTP/1.1 client otherwise, or the end of the connection for
 * an HTTP/1.0 client. A response to HEAD and a 304 keep the origin's Content-Length and carry no
 * body. Adds this proxy to Via, the computed Age and, when enabled, X-Cache. The head is encoded
 * in one pass, since this is the path of every cache hit.
 */
final class ReplyWriter {
  private final String via;
  private final boolean xCache;

  ReplyWriter(String via, boolean xCache) {
    this.via = via;
    this.xCache = xCache;
  }

  /** The body bytes written for one reply so far, for the access log (also after a failure). */
  static final class Sent {
    long bodyBytes;
  }

  /**
   * Writes the reply, counting the body bytes in {@code sent}.
   *
   * @return whether the connection can carry another request afterwards
   */
  boolean write(Connection c, Reply reply, boolean head, boolean keepAlive, HttpVersion client,
      Sent sent) throws IOException {
    boolean keepLength;
    long length = -1;
    boolean chunked = false;
    if (!reply.bodyAllowed()) {
      keepLength = reply.status() == 304;
    } else if (head) {
      keepLength = reply.body() == null;
      if (reply.body() != null) length = reply.body().length;
    } else if (reply.length() >= 0) {
      keepLength = false;
      length = reply.length();
    } else {
      keepLength = false;
      if (client.atLeast11()) chunked = true;
      else keepAlive = false;
    }
    StringBuilder sb = new StringBuilder(512);
    sb.append("HTTP/1.1 ").append(reply.status()).append(' ').append(reply.reason()).append("\r\n");
    String previousVia = null;
    for (Headers.Field f : reply.headers().fields()) {
      String n = f.name();
      if (n.equalsIgnoreCase("Via")) {
        previousVia = previousVia == null ? f.value() : previousVia + ", " + f.value();
        continue;
      }
      if (n.equalsIgnoreCase("Transfer-Encoding") || n.equalsIgnoreCase("Connection")
          || (n.equalsIgnoreCase("Content-Length") && !keepLength)
          || (n.equalsIgnoreCase("Age") && reply.age() >= 0)
          || (xCache && n.equalsIgnoreCase("X-Cache"))) {
        continue;
      }
      sb.append(n).append(": ").append(f.value()).append("\r\n");
    }
    sb.append("Via: ");
    if (previousVia != null) sb.append(previousVia).append(", ");
    sb.append("1.1 ").append(via).append("\r\n");
    if (reply.age() >= 0) sb.append("Age: ").append(reply.age()).append("\r\n");
    if (xCache) sb.append("X-Cache: ").append(reply.cacheStatus()).append(" from ").append(via)
        .append("\r\n");
    if (length >= 0) sb.append("Content-Length: ").append(length).append("\r\n");
    if (chunked) sb.append("Transfer-Encoding: chunked\r\n");
    if (!keepAlive) sb.append("Connection: close\r\n");
    else if (!client.atLeast11()) sb.append("Connection: keep-alive\r\n");
    sb.append("\r\n");
    OutputStream out = c.outputStream();
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (head || !reply.bodyAllowed()) {
      if (reply.stream() != null && reply.length() == 0) {
        copy(reply.stream(), OutputStream.nullOutputStream(), c, new Sent());
      } else {
        reply.discard();
      }
    } else if (reply.body() != null) {
      out.write(reply.body());
      sent.bodyBytes += reply.body().length;
    } else {
      OutputStream body = chunked ? new ChunkedOutputStream(out) : out;
      copy(reply.stream(), body, c, sent);
      if (chunked) body.close();
    }
    if (c.reader().buffered() == 0 || !keepAlive) c.flush();
    return keepAlive;
  }

  /** Streams a body, flushing as data arrives so that the client sees progress. */
  private static void copy(InputStream in, OutputStream out, Connection c, Sent sent)
      throws IOException {
    byte[] buf = new byte[16384];
    try (in) {
      for (int r; (r = in.read(buf)) > 0; ) {
        out.write(buf, 0, r);
        sent.bodyBytes += r;
        if (r < buf.length) c.flush();
      }
    }
  }
}
