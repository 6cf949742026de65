package org.minternet.core.net;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.minternet.core.Endpoint;
import org.minternet.core.io.LineReader;

/**
 * A TCP listener: accepts on one platform thread and serves each connection on its own virtual
 * thread with a {@link ConnectionHandler}.
 *
 * <p>With {@link Builder#acceptors(int) acceptors(n)} it binds n sockets to the same address and
 * port with {@code SO_REUSEPORT}, each accepting on its own thread, so that the kernel spreads new
 * connections over them (one socket's accept() is serialised, which limits a busy server that
 * takes a connection per request). A fixed port is first bound once without the option, so that
 * a port another program holds is refused as by a plain bind.
 *
 * <p>Limits: at most {@code maxConnections} at once — beyond that the {@code rejecter} may write
 * a polite refusal (e.g. SMTP 421) before the socket is closed; an idle timeout on every read; a
 * write timeout on every write (a peer that stops reading is cut off, see {@link WriteTimeouts}); a
 * line length limit. {@link #close()} stops accepting, closes every open connection and waits
 * briefly for their threads. Port 0 binds a free port, reported by {@link #port()}.
 */
public final class TcpListener implements Closeable {
  private static final Logger LOG = System.getLogger(TcpListener.class.getName());

  /** Default limit of simultaneous connections per listener. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  /** Default idle timeout between bytes. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  /** Default longest time one write may make no progress (nginx's send_timeout). */
  public static final Duration DEFAULT_WRITE_TIMEOUT = WriteTimeouts.DEFAULT;
  /** Write timeout of the refusal to a connection beyond the limit (best effort, like its reads). */
  private static final Duration REJECT_WRITE_TIMEOUT = Duration.ofSeconds(2);

  private final Builder config;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("conn-", 0).factory());
  private final java.util.List<ServerSocket> serverSockets = new java.util.ArrayList<>();
  private final java.util.List<Thread> acceptors = new java.util.ArrayList<>();
  private ServerSocket serverSocket;
  private volatile boolean stopping;

  private TcpListener(Builder config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds and starts accepting. */
  public TcpListener start() throws IOException {
    try {
      bind();
    } catch (IOException e) {
      for (ServerSocket ss : serverSockets) closeQuietly(ss);
      serverSockets.clear();
      throw new IOException("cannot listen on " + config.address.getHostAddress() + ":" + config.port
          + " for " + config.name + ": " + e.getMessage(), e);
    }
    serverSocket = serverSockets.get(0);
    for (ServerSocket ss : serverSockets) {
      acceptors.add(Thread.ofPlatform().name(config.name + "-accept-" + port()).daemon(true)
          .start(() -> acceptLoop(ss)));
    }
    return this;
  }

  private void bind() throws IOException {
    boolean several = config.acceptors > 1 && reusePortSupported();
    if (several && config.port != 0) {
      // SO_REUSEPORT would let us share a port another program holds: refuse it as a plain bind does
      try (ServerSocket probe = new ServerSocket()) {
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress(config.address, config.port), 1);
      }
    }
    int port = config.port;
    for (int i = 0; i < (several ? config.acceptors : 1); i++) {
      ServerSocket ss = config.tls != null
          ? config.tls.getServerSocketFactory().createServerSocket()
          : new ServerSocket();
      serverSockets.add(ss);
      ss.setReuseAddress(true);
      if (several) ss.setOption(java.net.StandardSocketOptions.SO_REUSEPORT, true);
      ss.bind(new InetSocketAddress(config.address, port), config.backlog);
      if (ss instanceof SSLServerSocket ssl) ssl.setNeedClientAuth(false);
      port = ss.getLocalPort();
    }
  }

  private static boolean reusePortSupported() {
    try (ServerSocket s = new ServerSocket()) {
      return s.supportedOptions().contains(java.net.StandardSocketOptions.SO_REUSEPORT);
    } catch (IOException e) {
      return false;
    }
  }

  private void acceptLoop(ServerSocket serverSocket) {
    while (!stopping) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        if (stopping) return;
        LOG.log(Level.WARNING, config.name + ": accept failed: " + e.getMessage());
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          return;
        }
        continue;
      }
      accepted.incrementAndGet();
      if (active.incrementAndGet() > config.maxConnections) {
        active.decrementAndGet();
        rejected.incrementAndGet();
        workers.execute(() -> reject(socket));
        continue;
      }
      try {
        workers.execute(() -> serve(socket));
      } catch (RuntimeException e) {
        active.decrementAndGet();
        closeQuietly(socket);
      }
    }
  }

  private void reject(Socket socket) {
    try (socket) {
      if (config.rejecter != null) {
        socket.setSoTimeout(2000);
        Connection c = newConnection(socket);
        c.writeTimeout(REJECT_WRITE_TIMEOUT);
        handshake(c, socket);
        config.rejecter.handle(c);
        c.close();
      }
    } catch (IOException | RuntimeException e) {
      // the refusal is best effort
    }
  }

  private Connection newConnection(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    Connection c = new Connection(socket, config.name, config.transcript, config.endings,
        config.maxLine, config.idleTimeout, config.writeTimeout);
    if (config.readTimeoutsByWatchdog) c.readTimeoutsByWatchdog();
    return c;
  }

  private static void handshake(Connection c, Socket socket) throws IOException {
    if (socket instanceof SSLSocket ssl) {
      ssl.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, c.idleTimeout().toMillis())));
      ssl.startHandshake();
    }
  }

  private void serve(Socket socket) {
    Connection connection = null;
    try {
      connection = newConnection(socket);
      open.add(connection);
      if (stopping) return;
      config.transcript.note(config.name, connection.peer(), "connected");
      handshake(connection, socket);
      config.handler.handle(connection);
      connection.flush();
    } catch (WriteTimeoutException e) {
      // logged once, with the peer, when the socket was closed
    } catch (SocketTimeoutException e) {
      LOG.log(Level.DEBUG, () -> config.name + ": timeout");
    } catch (SocketException | java.io.EOFException e) {
      LOG.log(Level.DEBUG, () -> config.name + ": " + e.getMessage());
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> config.name + ": " + e);
    } catch (RuntimeException | Error e) {
      LOG.log(Level.ERROR, config.name + ": handler failed", e);
    } finally {
      if (connection != null) {
        open.remove(connection);
        connection.close();
        config.transcript.note(config.name, connection.peer(), "closed");
      } else {
        closeQuietly(socket);
      }
      active.decrementAndGet();
    }
  }

  private static void closeQuietly(Closeable s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  public InetAddress address() {
    return serverSocket.getInetAddress();
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(address(), port());
  }

  public Endpoint endpoint(String host, String service) {
    return new Endpoint(host, address(), port(), "tcp", service);
  }

  public String name() {
    return config.name;
  }

  /** Connections being served now. */
  public int activeConnections() {
    return active.get();
  }

  public long acceptedConnections() {
    return accepted.get();
  }

  public long rejectedConnections() {
    return rejected.get();
  }

  /** Stops accepting, closes every open connection and waits up to two seconds for handlers. */
  @Override
  public void close() {
    if (stopping) return;
    stopping = true;
    for (ServerSocket ss : serverSockets) closeQuietly(ss);
    for (Connection c : open) c.close();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(2, TimeUnit.SECONDS)) workers.shutdownNow();
      for (Thread t : acceptors) t.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configuration of a listener. */
  public static final class Builder extends ListenerBuilder<Builder> {
    Builder() {
      super("tcp");
    }

    @Override
    Builder self() {
      return this;
    }

    private int backlog = 1024;
    private int acceptors = 1;
    private boolean readTimeoutsByWatchdog;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
    private LineReader.Endings endings = LineReader.Endings.STRICT;
    private int maxLine = LineReader.DEFAULT_MAX_LINE;
    private SSLContext tls;
    private ConnectionHandler handler;
    private ConnectionHandler rejecter;

    public Builder backlog(int backlog) {
      this.backlog = backlog;
      return this;
    }

    /**
     * Sockets (and accepting threads) sharing the port with {@code SO_REUSEPORT}; 1 by default,
     * and 1 where the platform lacks the option.
     */
    public Builder acceptors(int n) {
      if (n < 1) throw new IllegalArgumentException("acceptors " + n);
      this.acceptors = n;
      return this;
    }

    /**
     * Keeps the idle timeout and deadlines of plain TCP connections with a watchdog that shuts a
     * late read's input, instead of the socket's read timeout (see {@link ReadTimeouts}): cheaper
     * for protocols of short exchanges, but a connection whose read timed out cannot read again,
     * and a timeout fires up to a quarter of itself late. Off by default.
     */
    public Builder readTimeoutsByWatchdog(boolean on) {
      this.readTimeoutsByWatchdog = on;
      return this;
    }

    public Builder maxConnections(int max) {
      if (max < 1) throw new IllegalArgumentException("maxConnections " + max);
      this.maxConnections = max;
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Longest time a single write may make no progress (the peer does not read) before the
     * connection is closed; zero waits forever. Default {@link #DEFAULT_WRITE_TIMEOUT}.
     */
    public Builder writeTimeout(Duration timeout) {
      if (timeout.isNegative()) throw new IllegalArgumentException("writeTimeout " + timeout);
      this.writeTimeout = timeout;
      return this;
    }

    public Builder lineEndings(LineReader.Endings endings) {
      this.endings = Objects.requireNonNull(endings);
      return this;
    }

    public Builder maxLineLength(int maxLine) {
      this.maxLine = maxLine;
      return this;
    }

    /** Implicit TLS: every accepted connection starts with a TLS handshake. */
    public Builder tls(SSLContext context) {
      this.tls = context;
      return this;
    }

    public Builder handler(ConnectionHandler handler) {
      this.handler = Objects.requireNonNull(handler);
      return this;
    }

    /** Writes a polite refusal to a connection beyond the limit (optional). */
    public Builder rejecter(ConnectionHandler rejecter) {
      this.rejecter = rejecter;
      return this;
    }

    public TcpListener build() {
      Objects.requireNonNull(handler, "handler");
      return new TcpListener(this);
    }

    /** Builds and starts. */
    public TcpListener start() throws IOException {
      return build().start();
    }
  }
}
