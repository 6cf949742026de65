package org.minternet.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The UDP listener as the packaged jar runs it: on Linux with Java 22 or newer, inline listeners
 * use the batched sockets of the multi-release part of the jar (failsafe puts the jar, not the
 * classes directory, on the class path). Each test also holds for the one-datagram path.
 */
class UdpListenerIT {
  private static final boolean BATCH_EXPECTED = Runtime.version().feature() >= 22
      && System.getProperty("os.name", "").startsWith("Linux")
      && Set.of("amd64", "aarch64").contains(System.getProperty("os.arch"));

  /** Echoes "n:" + the datagram's length + the sender's port, then the datagram itself. */
  private static byte[] echo(byte[] data, int length, InetSocketAddress from) {
    ByteBuffer b = ByteBuffer.allocate(8 + length);
    b.putInt(length).putInt(from.getPort()).put(data, 0, length);
    return b.array();
  }

  private static UdpListener start(InetAddress address, int receivers) throws IOException {
    return UdpListener.builder().name("it").bind(address).port(0).receivers(receivers).inline(true)
        .handler(UdpListenerIT::echo).start();
  }

  @Test
  void inlineListenersAreBatchedFromTheJarOnJava22() throws Exception {
    String location = UdpListener.class.getProtectionDomain().getCodeSource().getLocation().toString();
    assertThat(location).as("failsafe runs the packaged jar").endsWith(".jar");
    try (UdpListener l = start(InetAddress.getLoopbackAddress(), 2)) {
      assertThat(l.batched()).isEqualTo(BATCH_EXPECTED);
    }
    try (UdpListener l = UdpListener.builder().port(0).handler(UdpListenerIT::echo).start()) {
      assertThat(l.batched()).as("listeners that hand off to virtual threads").isFalse();
    }
  }

  @Test
  void burstsFromManyClientsAreAllAnsweredToTheirSenders() throws Exception {
    try (UdpListener l = start(InetAddress.getLoopbackAddress(), 2)) {
      List<DatagramSocket> clients = new ArrayList<>();
      try {
        for (int c = 0; c < 5; c++) {
          DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
          s.setReceiveBufferSize(1 << 20);
          s.setSoTimeout(3000);
          clients.add(s);
        }
        InetSocketAddress server = new InetSocketAddress(l.address(), l.port());
        for (int i = 0; i < 200; i++) {
          for (DatagramSocket s : clients) {
            byte[] q = ("q" + i).getBytes();
            s.send(new DatagramPacket(q, q.length, server));
          }
        }
        for (DatagramSocket s : clients) {
          Set<String> seen = new HashSet<>();
          DatagramPacket p = new DatagramPacket(new byte[2000], 2000);
          for (int i = 0; i < 200; i++) {
            s.receive(p);
            ByteBuffer b = ByteBuffer.wrap(p.getData(), 0, p.getLength());
            int length = b.getInt();
            assertThat(b.getInt()).isEqualTo(s.getLocalPort());
            seen.add(new String(p.getData(), 8, length));
            assertThat(p.getSocketAddress()).isEqualTo(server);
          }
          assertThat(seen).hasSize(200).contains("q0", "q199");
        }
        assertThat(l.receivedDatagrams()).isEqualTo(1000);
      } finally {
        for (DatagramSocket s : clients) s.close();
      }
    }
  }

  @Test
  void emptyAndLargestDatagramsAndLateReplies() throws Exception {
    List<InetSocketAddress> senders = new CopyOnWriteArrayList<>();
    try (UdpListener l = UdpListener.builder().port(0).inline(true).handler((data, length, from) -> {
      senders.add(from);
      return length > 100 ? null : echo(data, length, from); // large ones answered later
    }).start(); DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(3000);
      InetSocketAddress server = new InetSocketAddress(l.address(), l.port());
      s.send(new DatagramPacket(new byte[0], 0, server));
      DatagramPacket p = new DatagramPacket(new byte[70000], 70000);
      s.receive(p);
      assertThat(ByteBuffer.wrap(p.getData()).getInt()).isZero();

      byte[] big = new byte[65507]; // the largest UDP payload over IPv4
      big[65506] = 42;
      s.send(new DatagramPacket(big, big.length, server));
      long deadline = System.nanoTime() + 3_000_000_000L;
      while (senders.size() < 2 && System.nanoTime() < deadline) Thread.sleep(10);
      assertThat(senders).hasSize(2);
      byte[] late = new byte[65000];
      late[64999] = 7;
      Thread sender = Thread.ofVirtual().start(() -> {
        try {
          l.send(late, senders.get(1));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      sender.join();
      p.setLength(70000);
      s.receive(p);
      assertThat(p.getLength()).isEqualTo(65000);
      assertThat(p.getData()[64999]).isEqualTo((byte) 7);
    }
  }

  @Test
  void servesIpv6WithTheSendersAddress() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    Set<InetAddress> from = ConcurrentHashMap.newKeySet();
    UdpListener l;
    try {
      l = UdpListener.builder().bind(v6).port(0).inline(true).handler((data, length, sender) -> {
        from.add(sender.getAddress());
        return echo(data, length, sender);
      }).start();
    } catch (IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
      return;
    }
    try (l; DatagramSocket s = new DatagramSocket(new InetSocketAddress(v6, 0))) {
      s.setSoTimeout(3000);
      s.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, new InetSocketAddress(v6, l.port())));
      DatagramPacket p = new DatagramPacket(new byte[100], 100);
      s.receive(p);
      assertThat(p.getLength()).isEqualTo(11);
      assertThat(from).containsExactly(v6);
    }
  }

  @Test
  void closingWhileReceivingStopsTheThreadsCleanly() throws Exception {
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
    try {
      for (int i = 0; i < 5; i++) {
        UdpListener l = start(InetAddress.getLoopbackAddress(), 2);
        String prefix = "it-udp-" + l.port();
        l.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(prefix));
      }
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
    assertThat(uncaught).isEmpty();
  }

  @Test
  void closeReleasesThePortAndATakenPortIsRefused() throws Exception {
    int port;
    try (UdpListener l = start(InetAddress.getLoopbackAddress(), 2)) {
      port = l.port();
      try (DatagramSocket other = new DatagramSocket(null)) {
        assertThatThrownBy(() -> other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
            .isInstanceOf(IOException.class);
      }
      assertThatThrownBy(() -> UdpListener.builder().port(port).receivers(2).inline(true)
          .handler(UdpListenerIT::echo).start())
          .isInstanceOf(IOException.class).hasMessageContaining("cannot listen on udp");
    }
    try (UdpListener again = UdpListener.builder().port(port).receivers(2).inline(true)
        .handler(UdpListenerIT::echo).start(); DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(3000);
      s.send(new DatagramPacket(new byte[] {9}, 1, new InetSocketAddress(again.address(), port)));
      DatagramPacket p = new DatagramPacket(new byte[100], 100);
      s.receive(p);
      assertThat(p.getLength()).isEqualTo(9);
    }
    try (DatagramSocket s = new DatagramSocket()) {
      s.setSoTimeout(300);
      s.send(new DatagramPacket(new byte[] {9}, 1, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
      DatagramPacket p = new DatagramPacket(new byte[100], 100);
      assertThatThrownBy(() -> s.receive(p)).as("closed: nobody answers").isInstanceOf(SocketTimeoutException.class);
    }
  }
}
