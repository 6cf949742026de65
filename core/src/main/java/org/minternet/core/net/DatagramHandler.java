package org.minternet.core.net;

import java.net.InetSocketAddress;

/**
 * Answers one datagram. Returns the reply to send back to the sender, or null to send nothing
 * (malformed input on UDP is dropped). Must not throw for bad input.
 */
@FunctionalInterface
public interface DatagramHandler {
  byte[] handle(byte[] request, int length, InetSocketAddress sender);
}
