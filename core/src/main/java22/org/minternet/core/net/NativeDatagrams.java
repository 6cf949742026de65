package org.minternet.core.net;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Opens {@link DatagramBatch batched datagram sockets}: on Linux (x86-64 and AArch64) through the
 * foreign function API, {@link LinuxDatagramBatch}. This is the Java 22 version of the class, in
 * the multi-release part of the jar; elsewhere {@link #open} returns null and {@link UdpListener}
 * uses {@link java.net.DatagramSocket}.
 */
final class NativeDatagrams {
  private NativeDatagrams() {}

  /** Why batched sockets are unavailable, or null when they are available. */
  static String unavailable() {
    return LinuxDatagramBatch.UNAVAILABLE;
  }

  /** A batched socket bound to {@code address}, or null when unavailable. */
  static DatagramBatch open(InetSocketAddress address, boolean reusePort, int receiveBuffer)
      throws IOException {
    if (LinuxDatagramBatch.UNAVAILABLE != null) return null;
    return LinuxDatagramBatch.open(address, reusePort, receiveBuffer);
  }
}
