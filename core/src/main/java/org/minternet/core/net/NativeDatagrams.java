package org.minternet.core.net;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Opens {@link DatagramBatch batched datagram sockets}. This is the Java 21 version, which has
 * none: the batched one, through the foreign function API of Java 22, is in the multi-release
 * part of the jar ({@code src/main/java22}), and {@link UdpListener} falls back to
 * {@link java.net.DatagramSocket} when {@link #open} returns null.
 */
final class NativeDatagrams {
  private NativeDatagrams() {}

  /** Why batched sockets are unavailable, or null when they are available. */
  static String unavailable() {
    return "needs Java 22 or newer";
  }

  /** A batched socket bound to {@code address}, or null when unavailable. */
  static DatagramBatch open(InetSocketAddress address, boolean reusePort, int receiveBuffer)
      throws IOException {
    return null;
  }
}
