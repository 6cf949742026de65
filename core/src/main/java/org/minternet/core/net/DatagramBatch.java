package org.minternet.core.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A UDP socket that receives and sends datagrams in batches, one system call for many (Linux's
 * {@code recvmmsg} and {@code sendmmsg}), as NSD and Knot do. Used by {@link UdpListener} for
 * inline handlers when {@link NativeDatagrams} can open one; one receiving thread per batch.
 *
 * <p>The cycle is: {@link #receive()} fills slots 0..n-1; for each slot the caller reads the
 * datagram and sender and may set a {@link #reply}; {@link #flush()} sends the replies.
 */
interface DatagramBatch extends Closeable {
  /** The address and port the socket is bound to. */
  InetSocketAddress localAddress();

  /**
   * Waits for at least one datagram and takes as many more as are queued, up to the batch size.
   * Returns how many were received; 0 when the wait timed out or {@link #wakeUp} was called.
   */
  int receive() throws IOException;

  /** Copies the datagram of a slot into {@code into} (at least 65,535 bytes) and returns its length. */
  int read(int slot, byte[] into);

  /** The sender of the datagram in a slot; null when the slot holds no datagram after all. */
  InetSocketAddress sender(int slot);

  /** Queues a reply to the sender of a slot, sent by the next {@link #flush()}. */
  void reply(int slot, byte[] data);

  /** Sends the queued replies. */
  void flush() throws IOException;

  /** Sends one datagram now, from any thread (a reply prepared later). */
  void send(byte[] data, InetSocketAddress to) throws IOException;

  /** Makes a blocked {@link #receive()} return, before {@link #close()}. */
  void wakeUp();

  @Override
  void close();
}
