package org.minternet.dns;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import org.minternet.core.Endpoint;
import org.minternet.core.net.DatagramHandler;

/**
 * Several UDP sockets on one address and port (SO_REUSEPORT), each answering on its own
 * receiving thread: the kernel spreads clients over them, so the authoritative server answers on
 * every core, as NSD's server processes do. Where SO_REUSEPORT is missing, one socket is used.
 * The handler must not block (answers come from memory).
 *
 * <p>Written here rather than in core's {@code UdpListener}, which has one receiving thread.
 */
final class UdpServers implements Closeable {
  private static final Logger LOG = System.getLogger(UdpServers.class.getName());
  private static final int MAX_DATAGRAM = 65535;

  private final List<DatagramSocket> sockets = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final String name;
  private volatile boolean stopping;

  private UdpServers(String name) {
    this.name = name;
  }

  static UdpServers start(String name, InetAddress address, int port, int count,
      DatagramHandler handler) throws IOException {
    UdpServers s = new UdpServers(name);
    if (port != 0) {
      // SO_REUSEPORT would let a second server share a port already in use: refuse it as
      // a plain bind does (a socket without the option cannot bind a port that is taken)
      try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, port))) {
        probe.getLocalPort();
      } catch (IOException e) {
        throw new IOException("cannot listen on udp " + address.getHostAddress() + ":" + port
            + " for " + name + ": " + e.getMessage(), e);
      }
    }
    try {
      int bound = port;
      for (int i = 0; i < count; i++) {
        DatagramSocket socket = new DatagramSocket(null);
        boolean reuse = socket.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        if (reuse) socket.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        socket.setReceiveBufferSize(1 << 20);
        try {
          socket.bind(new InetSocketAddress(address, bound));
        } catch (IOException e) {
          socket.close();
          throw new IOException("cannot listen on udp " + address.getHostAddress() + ":" + bound
              + " for " + name + ": " + e.getMessage(), e);
        }
        bound = socket.getLocalPort();
        s.sockets.add(socket);
        if (!reuse) break;
      }
      for (DatagramSocket socket : s.sockets) {
        s.threads.add(Thread.ofPlatform().name(name + "-udp-" + bound).daemon(true)
            .start(() -> s.serve(socket, handler)));
      }
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void serve(DatagramSocket socket, DatagramHandler handler) {
    byte[] buffer = new byte[MAX_DATAGRAM];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    while (!stopping) {
      try {
        packet.setLength(buffer.length);
        socket.receive(packet);
      } catch (IOException e) {
        if (stopping) return;
        continue;
      }
      InetSocketAddress sender = (InetSocketAddress) packet.getSocketAddress();
      try {
        byte[] reply = handler.handle(buffer, packet.getLength(), sender);
        if (reply != null) socket.send(new DatagramPacket(reply, reply.length, sender));
      } catch (IOException e) {
        LOG.log(Level.DEBUG, () -> name + ": send failed: " + e.getMessage());
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, name + ": handler failed for a datagram from " + sender, e);
      }
    }
  }

  /** Sends a datagram later, from this server's address and port (answers computed elsewhere). */
  void send(byte[] data, InetSocketAddress to) throws IOException {
    sockets.get(0).send(new DatagramPacket(data, data.length, to));
  }

  InetAddress address() {
    return sockets.get(0).getLocalAddress();
  }

  int port() {
    return sockets.get(0).getLocalPort();
  }

  Endpoint endpoint(String host, String service) {
    return new Endpoint(host, address(), port(), "udp", service);
  }

  @Override
  public void close() {
    stopping = true;
    for (DatagramSocket s : sockets) s.close();
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
