package org.minternet.core.net;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.minternet.core.Endpoint;
import org.minternet.core.tap.Transcript;

/**
 * A UDP listener with the same lifecycle as {@link TcpListener}: bind (port 0 supported), serve,
 * close. Datagrams are received on a platform thread; each is answered on a virtual thread, with
 * at most {@code maxInFlight} in progress — beyond that, datagrams are dropped, as a loaded router
 * would — or, {@link Builder#inline inline}, on the receiving thread itself.
 *
 * <p>With {@link Builder#receivers(int) receivers(n)} it binds n sockets to the same address and
 * port with {@code SO_REUSEPORT}, each with its own receiving thread, so that the kernel spreads
 * datagrams over the cores (as NSD's server processes do); where the option is missing, one
 * socket is used. A port already taken by another program is refused all the same.
 *
 * <p>Inline listeners on Linux with Java 22 or newer receive and send up to 16 datagrams per
 * system call ({@code recvmmsg}/{@code sendmmsg}, see {@link NativeDatagrams}); elsewhere, and
 * for listeners that hand datagrams to virtual threads, one per call with {@link DatagramSocket}.
 */
public final class UdpListener implements Closeable {
  private static final Logger LOG = System.getLogger(UdpListener.class.getName());

  /** Largest datagram read; longer ones are truncated by the OS and then dropped. */
  public static final int MAX_DATAGRAM = 65535;

  private static final int RECEIVE_BUFFER = 1 << 20;

  /** {@code -Dminternet.udp.batch=false} turns batched datagram I/O off (to compare, to debug). */
  private static final boolean BATCH = !"false".equals(System.getProperty("minternet.udp.batch"));

  private final String name;
  private final InetAddress address;
  private final int requestedPort;
  private final DatagramHandler handler;
  private final Transcript transcript;
  private final Semaphore inFlight;
  private final boolean inline;
  private final int receivers;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("udp-", 0).factory());
  private final java.util.List<DatagramSocket> sockets = new java.util.ArrayList<>();
  private final java.util.List<Thread> threads = new java.util.ArrayList<>();
  private final java.util.List<DatagramBatch> batches = new java.util.ArrayList<>();
  private DatagramSocket socket;
  private DatagramBatch batch;
  private volatile boolean stopping;

  private UdpListener(Builder b) {
    this.name = b.name;
    this.address = b.address;
    this.requestedPort = b.port;
    this.handler = Objects.requireNonNull(b.handler, "handler");
    this.transcript = b.transcript;
    this.inFlight = new Semaphore(b.maxInFlight);
    this.inline = b.inline;
    this.receivers = b.receivers;
  }

  public static Builder builder() {
    return new Builder();
  }

  public UdpListener start() throws IOException {
    try {
      if (receivers > 1 && requestedPort != 0) {
        // SO_REUSEPORT would let us share a port another program holds: refuse it as a plain bind does
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, requestedPort))) {
          probe.getLocalPort();
        }
      }
      if (inline && BATCH) openBatches();
      if (batches.isEmpty()) openSockets();
    } catch (IOException e) {
      for (DatagramSocket s : sockets) s.close();
      for (DatagramBatch b : batches) b.close();
      sockets.clear();
      batches.clear();
      throw new IOException("cannot listen on udp " + address.getHostAddress() + ":" + requestedPort
          + " for " + name + ": " + e.getMessage(), e);
    }
    String thread = name + "-udp-" + port();
    for (DatagramSocket s : sockets) {
      threads.add(Thread.ofPlatform().name(thread).daemon(true).start(() -> receiveLoop(s)));
    }
    for (DatagramBatch b : batches) {
      threads.add(Thread.ofPlatform().name(thread).daemon(true).start(() -> batchLoop(b)));
    }
    return this;
  }

  /** Batched sockets (recvmmsg/sendmmsg) where the platform has them; none otherwise. */
  private void openBatches() throws IOException {
    int port = requestedPort;
    for (int i = 0; i < receivers; i++) {
      DatagramBatch b = NativeDatagrams.open(new InetSocketAddress(address, port), receivers > 1,
          RECEIVE_BUFFER);
      if (b == null) {
        LOG.log(Level.DEBUG, () -> name + ": one datagram per system call ("
            + NativeDatagrams.unavailable() + ")");
        return;
      }
      batches.add(b);
      port = b.localAddress().getPort();
    }
    batch = batches.get(0);
  }

  private void openSockets() throws IOException {
    int port = requestedPort;
    for (int i = 0; i < receivers; i++) {
      DatagramSocket s = new DatagramSocket(null);
      boolean reuse = receivers > 1
          && s.supportedOptions().contains(java.net.StandardSocketOptions.SO_REUSEPORT);
      if (reuse) s.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
      s.setReceiveBufferSize(RECEIVE_BUFFER);
      try {
        s.bind(new InetSocketAddress(address, port));
      } catch (IOException e) {
        s.close();
        throw e;
      }
      port = s.getLocalPort();
      sockets.add(s);
      if (!reuse) break;
    }
    socket = sockets.get(0);
  }

  /** Receives a batch, answers each datagram on this thread, sends the answers in one call. */
  private void batchLoop(DatagramBatch batch) {
    byte[] buffer = new byte[MAX_DATAGRAM];
    while (!stopping) {
      int n;
      try {
        n = batch.receive();
      } catch (IOException e) {
        if (stopping) return;
        LOG.log(Level.DEBUG, () -> name + ": receive failed: " + e.getMessage());
        continue;
      }
      for (int i = 0; i < n; i++) {
        InetSocketAddress sender = batch.sender(i);
        if (sender == null) continue;
        received.incrementAndGet();
        byte[] reply = handle(buffer, batch.read(i, buffer), sender);
        if (reply != null) batch.reply(i, reply);
      }
      try {
        batch.flush();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, () -> name + ": send failed: " + e.getMessage());
      }
    }
  }

  private void receiveLoop(DatagramSocket socket) {
    byte[] buffer = new byte[MAX_DATAGRAM];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    while (!stopping) {
      try {
        packet.setLength(buffer.length);
        socket.receive(packet);
      } catch (IOException e) {
        if (stopping) return;
        LOG.log(Level.DEBUG, () -> name + ": receive failed: " + e.getMessage());
        continue;
      }
      received.incrementAndGet();
      InetSocketAddress sender = (InetSocketAddress) packet.getSocketAddress();
      int length = packet.getLength();
      if (inline) {
        answer(socket, buffer, length, sender);
        continue;
      }
      if (!inFlight.tryAcquire()) {
        dropped.incrementAndGet();
        continue;
      }
      byte[] copy = Arrays.copyOf(buffer, length);
      try {
        workers.execute(() -> {
          try {
            answer(socket, copy, length, sender);
          } finally {
            inFlight.release();
          }
        });
      } catch (RuntimeException e) {
        inFlight.release();
      }
    }
  }

  private void answer(DatagramSocket socket, byte[] data, int length, InetSocketAddress sender) {
    byte[] reply = handle(data, length, sender);
    if (reply == null) return;
    try {
      socket.send(new DatagramPacket(reply, reply.length, sender));
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> name + ": send failed: " + e.getMessage());
    }
  }

  private byte[] handle(byte[] data, int length, InetSocketAddress sender) {
    try {
      return handler.handle(data, length, sender);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, name + ": handler failed for a datagram from " + sender, e);
      return null;
    }
  }

  /** Sends a datagram from this listener's socket (for servers that answer later). */
  public void send(byte[] data, InetSocketAddress to) throws IOException {
    if (batch != null) {
      batch.send(data, to);
    } else {
      socket.send(new DatagramPacket(data, data.length, to));
    }
  }

  public InetAddress address() {
    return batch != null ? batch.localAddress().getAddress() : socket.getLocalAddress();
  }

  public int port() {
    return batch != null ? batch.localAddress().getPort() : socket.getLocalPort();
  }

  /** Whether datagrams are received and sent in batches (recvmmsg/sendmmsg). */
  public boolean batched() {
    return batch != null;
  }

  public Endpoint endpoint(String host, String service) {
    return new Endpoint(host, address(), port(), "udp", service);
  }

  public String name() {
    return name;
  }

  public Transcript transcript() {
    return transcript;
  }

  public long receivedDatagrams() {
    return received.get();
  }

  public long droppedDatagrams() {
    return dropped.get();
  }

  @Override
  public void close() {
    if (stopping) return;
    stopping = true;
    for (DatagramSocket s : sockets) s.close();
    for (DatagramBatch b : batches) b.wakeUp();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(2, TimeUnit.SECONDS)) workers.shutdownNow();
      for (Thread t : threads) t.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (DatagramBatch b : batches) b.close();
  }

  /** Configuration of a UDP listener. */
  public static final class Builder extends ListenerBuilder<Builder> {
    Builder() {
      super("udp");
    }

    @Override
    Builder self() {
      return this;
    }

    private DatagramHandler handler;
    private int maxInFlight = 4096;
    private boolean inline;
    private int receivers = 1;

    public Builder handler(DatagramHandler handler) {
      this.handler = handler;
      return this;
    }

    public Builder maxInFlight(int max) {
      this.maxInFlight = max;
      return this;
    }

    /**
     * Answers each datagram on the receiving thread itself, for handlers that never block (an
     * authoritative DNS answer from memory): no thread hand-off per packet.
     */
    public Builder inline(boolean inline) {
      this.inline = inline;
      return this;
    }

    /** Receiving sockets (and threads) sharing the port with SO_REUSEPORT; 1 by default. */
    public Builder receivers(int n) {
      if (n < 1) throw new IllegalArgumentException("receivers " + n);
      this.receivers = n;
      return this;
    }

    public UdpListener build() {
      return new UdpListener(this);
    }

    public UdpListener start() throws IOException {
      return build().start();
    }
  }
}
