package org.minternet.dns.resolver;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.minternet.core.Endpoint;
import org.minternet.core.net.DatagramHandler;

/**
 * UDP service on several sockets bound to the same address and port with SO_REUSEPORT, one
 * receiving platform thread each, so that cached answers are served on every core (the kernel
 * spreads clients over the sockets). Handlers run on the receiving thread and must not block;
 * later answers go out with {@link #send}. Falls back to one socket where SO_REUSEPORT is missing.
 */
final class UdpSockets implements Closeable {
  private static final Logger LOG = System.getLogger(UdpSockets.class.getName());
  /** Largest datagram read. */
  static final int MAX_DATAGRAM = 65535;

  private final List<DatagramChannel> channels = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;

  UdpSockets(String name, InetAddress address, int port, int count, DatagramHandler handler)
      throws IOException {
    boolean reuse = true;
    int bound = port;
    try {
      for (int i = 0; i < count; i++) {
        DatagramChannel ch = DatagramChannel.open(address instanceof Inet6Address
            ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        if (reuse && ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
          ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        } else if (i > 0) {
          ch.close();
          break;
        } else {
          reuse = false;
        }
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        try {
          ch.bind(new InetSocketAddress(address, bound));
        } catch (IOException e) {
          ch.close();
          throw new IOException("cannot listen on udp " + address.getHostAddress() + ":" + bound
              + " for " + name + ": " + e.getMessage(), e);
        }
        bound = ((InetSocketAddress) ch.getLocalAddress()).getPort();
        channels.add(ch);
        if (!reuse) break;
      }
    } catch (IOException e) {
      close();
      throw e;
    }
    for (DatagramChannel ch : channels) {
      threads.add(Thread.ofPlatform().name(name + "-udp-" + bound).daemon(true)
          .start(() -> receive(ch, handler)));
    }
  }

  private void receive(DatagramChannel ch, DatagramHandler handler) {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    byte[] data = buffer.array();
    while (!stopping) {
      InetSocketAddress sender;
      try {
        buffer.clear();
        sender = (InetSocketAddress) ch.receive(buffer);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        if (stopping) return;
        continue;
      }
      try {
        byte[] reply = handler.handle(data, buffer.position(), sender);
        if (reply != null) ch.send(ByteBuffer.wrap(reply), sender);
      } catch (IOException e) {
        LOG.log(Level.DEBUG, () -> "send to " + sender + " failed: " + e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "handler failed for a datagram from " + sender, e);
      }
    }
  }

  /** Sends a datagram from the service's address and port (answers computed later). */
  void send(byte[] data, InetSocketAddress to) throws IOException {
    channels.get(0).send(ByteBuffer.wrap(data), to);
  }

  InetSocketAddress local() throws IOException {
    return (InetSocketAddress) channels.get(0).getLocalAddress();
  }

  Endpoint endpoint(String host, String service) throws IOException {
    InetSocketAddress a = local();
    return new Endpoint(host, a.getAddress(), a.getPort(), "udp", service);
  }

  @Override
  public void close() {
    stopping = true;
    for (DatagramChannel ch : channels) {
      try {
        ch.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
