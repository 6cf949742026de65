package org.minternet.http.proxy;

import java.io.IOException;
import java.time.Duration;
import org.minternet.core.net.Connection;

/**
 * A CONNECT tunnel (RFC 9110 §9.3.6): after the 2xx, bytes flow both ways unchanged until each
 * side has closed; nothing inside is parsed or cached. Bytes the client sent after the CONNECT
 * head (already buffered) are forwarded first.
 */
final class Tunnel {
  /** Longest silence in both directions before the tunnel is closed. */
  static final Duration IDLE = Duration.ofMinutes(5);

  /** How long the client may keep sending after the origin closed its side. */
  static final Duration LINGER = Duration.ofSeconds(5);

  private Tunnel() {}

  static void run(Connection client, Connection origin) {
    client.idleTimeout(IDLE);
    origin.idleTimeout(IDLE);
    Thread up = Thread.ofVirtual().name("http-proxy-tunnel").start(() -> {
      if (pump(client, origin)) origin.shutdownOutput();
      else close(client, origin);
    });
    if (pump(origin, client)) {
      client.shutdownOutput();
      client.idleTimeout(LINGER);
    } else {
      close(client, origin);
    }
    try {
      up.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close(client, origin);
  }

  /** Copies until end of stream (true) or an error (false). */
  private static boolean pump(Connection from, Connection to) {
    byte[] buf = new byte[16384];
    try {
      for (int r; (r = from.reader().read(buf, 0, buf.length)) > 0; ) {
        to.write(buf, 0, r);
        to.flush();
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void close(Connection a, Connection b) {
    a.close();
    b.close();
  }
}
