package org.minternet.core;

import java.net.InetAddress;

/**
 * One listening endpoint of a running service: where it is and what it speaks.
 *
 * @param host the world host name the service runs for (or the bind address when alone)
 * @param address the bound address
 * @param port the bound port (never 0 once listening)
 * @param transport "tcp" or "udp"
 * @param service the service name, e.g. "dns", "smtp", "tcp-upper"
 */
public record Endpoint(String host, InetAddress address, int port, String transport, String service) {
  /** {@code address:port} in the form a user types. */
  public String hostPort() {
    String a = address.getHostAddress();
    return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
  }
}
