package org.minternet.http.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.minternet.core.net.Connection;
import org.minternet.http.wire.ChunkedOutputStream;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Http1Writer;
import org.minternet.http.wire.HttpVersion;
import org.minternet.http.wire.StatusLine;

/**
 * Writes a {@link Reply} to the client with this hop's framing (RFC 9112 §6): Content-Length when
 * the length is known, chunked to an HTTP/1.1 client otherwise, or the end of the connection for
 * an HTTP/1.0 client. A response to HEAD and a 304 keep the origin's Content-Length and carry no
 * body. Adds Via and, when enabled, X-Cache.
 */
final class ReplyWriter {
  private final String via;
  private final boolean xCache;

  ReplyWriter(String via, boolean xCache) {
    this.via = via;
    this.xCache = xCache;
  }

  /**
   * Writes the reply.
   *
   * @return whether the connection can carry another request afterwards
   */
  boolean write(Connection c, Reply reply, boolean head, boolean keepAlive, HttpVersion client)
      throws IOException {
    Headers.Builder h = reply.headers().toBuilder();
    h.remove("Transfer-Encoding");
    HopByHop.addVia(h, "1.1", via);
    if (xCache) h.set("X-Cache", reply.cacheStatus() + " from " + via);
    boolean chunked = false;
    if (!reply.bodyAllowed()) {
      if (reply.status() != 304) h.remove("Content-Length");
    } else if (head) {
      if (reply.body() != null) h.set("Content-Length", Long.toString(reply.body().length));
    } else if (reply.length() >= 0) {
      h.set("Content-Length", Long.toString(reply.length()));
    } else {
      h.remove("Content-Length");
      if (client.atLeast11()) {
        h.set("Transfer-Encoding", "chunked");
        chunked = true;
      } else {
        keepAlive = false;
      }
    }
    h.remove("Connection");
    if (!keepAlive) h.set("Connection", "close");
    else if (!client.atLeast11()) h.set("Connection", "keep-alive");
    OutputStream out = c.outputStream();
    Http1Writer.writeResponseHead(out, new StatusLine(HttpVersion.HTTP_1_1, reply.status(),
        reply.reason()), h.build());
    if (head || !reply.bodyAllowed()) {
      if (reply.stream() != null && reply.length() == 0) {
        copy(reply.stream(), OutputStream.nullOutputStream(), c);
      } else {
        reply.discard();
      }
    } else if (reply.body() != null) {
      out.write(reply.body());
    } else {
      OutputStream body = chunked ? new ChunkedOutputStream(out) : out;
      copy(reply.stream(), body, c);
      if (chunked) body.close();
    }
    if (c.reader().buffered() == 0 || !keepAlive) c.flush();
    return keepAlive;
  }

  /** Streams a body, flushing as data arrives so that the client sees progress. */
  private static void copy(InputStream in, OutputStream out, Connection c) throws IOException {
    byte[] buf = new byte[16384];
    try (in) {
      for (int r; (r = in.read(buf)) > 0; ) {
        out.write(buf, 0, r);
        if (r < buf.length) c.flush();
      }
    }
  }
}
