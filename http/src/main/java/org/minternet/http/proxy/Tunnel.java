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

  /**
   * Relays until both sides are done and both connections are closed.
   *
   * @return the bytes relayed from the origin to the client
   */
  static long run(Connection client, Connection origin) {
    client.idleTimeout(IDLE);
    origin.idleTimeout(IDLE);
    Thread up = Thread.ofVirtual().name("http-proxy-tunnel").start(() -> {
      if (pump(client, origin, new long[1])) origin.shutdownOutput();
      else close(client, origin);
    });
    long[] down = new long[1];
    if (pump(origin, client, down)) {
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
    return down[0];
  }

  /** Copies until end of stream (true) or an error (false), adding the bytes to {@code count[0]}. */
  private static boolean pump(Connection from, Connection to, long[] count) {
    byte[] buf = new byte[16384];
    try {
      for (int r; (r = from.reader().read(buf, 0, buf.length)) > 0; ) {
        to.write(buf, 0, r);
        to.flush();
        count[0] += r;
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
