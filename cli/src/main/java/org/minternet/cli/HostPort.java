package org.minternet.cli;

/** A {@code HOST[:PORT]} option value, with the port to use when none is written. */
record HostPort(String host, int port) {
  static HostPort parse(String text, int defaultPort) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) return new HostPort(text, defaultPort);
    try {
      return new HostPort(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a port in " + text);
    }
  }

  java.net.InetSocketAddress resolve() throws java.net.UnknownHostException {
    return new java.net.InetSocketAddress(java.net.InetAddress.getByName(host), port);
  }
}
