package org.minternet.dns.server;

import java.io.Closeable;
import java.io.IOException;
import org.minternet.core.net.TcpListener;
import org.minternet.core.net.UdpListener;

/**
 * A DNS server's two listeners, UDP and TCP on the same address and port (RFC 1035 §4.2).
 *
 * @param udp the UDP listener
 * @param tcp the TCP listener, on the UDP listener's port
 */
public record DnsListeners(UdpListener udp, TcpListener tcp) implements Closeable {
  /** With port 0, how many free UDP ports are tried before giving up when TCP has each taken. */
  static final int ATTEMPTS = 10;

  /**
   * Starts UDP on {@code port}, then TCP on the port UDP got. With port 0 the free UDP port may be
   * taken for TCP: then both start again on another one.
   */
  public static DnsListeners start(UdpListener.Builder udp, TcpListener.Builder tcp, int port)
      throws IOException {
    for (int attempt = 1; ; attempt++) {
      UdpListener u = udp.port(port).start();
      try {
        return new DnsListeners(u, tcp.port(u.port()).start());
      } catch (IOException e) {
        u.close();
        if (port != 0 || attempt >= ATTEMPTS) throw e;
      }
    }
  }

  @Override
  public void close() {
    tcp.close();
    udp.close();
  }
}
