package org.minternet.sockets;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.minternet.core.Endpoint;

/**
 * The select-style server: one thread multiplexes every connection with a {@link Selector} over
 * non-blocking channels, serving the same uppercase protocol as {@link TcpUppercaseServer}.
 *
 * <p>Per connection it keeps a bounded input buffer (a line longer than {@link #MAX_LINE} gets an
 * error and the connection is closed) and a queue of pending output; while output is pending
 * beyond {@link #MAX_PENDING_OUTPUT} it stops reading from that client (back-pressure). Idle
 * connections are closed after the idle timeout; beyond the connection limit new clients are
 * closed at once.
 */
public final class SelectorUppercaseServer implements AutoCloseable {
  private static final Logger LOG = System.getLogger(SelectorUppercaseServer.class.getName());

  public static final int MAX_LINE = 8192;
  public static final int MAX_PENDING_OUTPUT = 256 * 1024;

  private final Selector selector;
  private final ServerSocketChannel server;
  private final String host;
  private final int maxConnections;
  private final long idleNanos;
  private final Thread thread;
  private int connections;
  private volatile boolean stopping;

  private static final class Client {
    final ByteBuffer in = ByteBuffer.allocate(MAX_LINE + 1);
    final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    int pending;
    long lastActive = System.nanoTime();
    boolean closeAfterFlush;
  }

  private SelectorUppercaseServer(InetAddress bind, int port, String host, int maxConnections,
      Duration idleTimeout) throws IOException {
    this.host = host;
    this.maxConnections = maxConnections;
    this.idleNanos = idleTimeout.toNanos();
    this.selector = Selector.open();
    this.server = ServerSocketChannel.open();
    try {
      server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      server.bind(new InetSocketAddress(bind, port), 1024);
    } catch (IOException e) {
      server.close();
      selector.close();
      throw new IOException("cannot listen on " + bind.getHostAddress() + ":" + port
          + " for select-upper: " + e.getMessage(), e);
    }
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    this.thread = Thread.ofPlatform().name("select-upper-" + port()).daemon(true).start(this::loop);
  }

  public static SelectorUppercaseServer start(InetAddress bind, int port, String host,
      int maxConnections, Duration idleTimeout) throws IOException {
    return new SelectorUppercaseServer(bind, port, host, maxConnections, idleTimeout);
  }

  public int port() {
    return server.socket().getLocalPort();
  }

  public Endpoint endpoint() {
    return new Endpoint(host, server.socket().getInetAddress(), port(), "tcp", "select-upper");
  }

  private void loop() {
    long lastSweep = System.nanoTime();
    try {
      while (!stopping) {
        selector.select(1000);
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          try {
            if (!key.isValid()) continue;
            if (key.isAcceptable()) accept();
            else {
              if (key.isReadable()) read(key);
              if (key.isValid() && key.isWritable()) write(key);
            }
          } catch (IOException e) {
            close(key);
          }
        }
        if (System.nanoTime() - lastSweep > 1_000_000_000L) {
          sweepIdle();
          lastSweep = System.nanoTime();
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      if (!stopping) LOG.log(Level.ERROR, "select-upper: selector failed", e);
    }
  }

  private void accept() throws IOException {
    SocketChannel ch;
    while ((ch = server.accept()) != null) {
      if (connections >= maxConnections) {
        ch.close();
        continue;
      }
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.register(selector, SelectionKey.OP_READ, new Client());
      connections++;
    }
  }

  private void read(SelectionKey key) throws IOException {
    SocketChannel ch = (SocketChannel) key.channel();
    Client c = (Client) key.attachment();
    int n = ch.read(c.in);
    if (n < 0) {
      // the client finished sending: answer what is complete, then close once flushed
      c.closeAfterFlush = true;
      key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
      if (c.pending == 0) close(key);
      else key.interestOps(SelectionKey.OP_WRITE);
      return;
    }
    c.lastActive = System.nanoTime();
    c.in.flip();
    int start = c.in.position();
    for (int i = start; i < c.in.limit(); i++) {
      if (c.in.get(i) == '\n') {
        int len = i - start + 1;
        byte[] line = new byte[len];
        c.in.get(start, line);
        c.in.position(i + 1);
        Uppercase.applyInPlace(line, 0, len);
        enqueue(key, c, ByteBuffer.wrap(line));
        start = i + 1;
      }
    }
    c.in.compact();
    if (c.in.position() > MAX_LINE) {
      enqueue(key, c, ByteBuffer.wrap(("ERROR line longer than " + MAX_LINE + " bytes\n")
          .getBytes(StandardCharsets.US_ASCII)));
      c.in.clear();
      c.closeAfterFlush = true;
      key.interestOps(SelectionKey.OP_WRITE);
      return;
    }
    if (c.pending > MAX_PENDING_OUTPUT) {
      key.interestOps(SelectionKey.OP_WRITE);
    }
  }

  private void enqueue(SelectionKey key, Client c, ByteBuffer data) {
    c.out.add(data);
    c.pending += data.remaining();
    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
  }

  private void write(SelectionKey key) throws IOException {
    SocketChannel ch = (SocketChannel) key.channel();
    Client c = (Client) key.attachment();
    while (!c.out.isEmpty()) {
      ByteBuffer b = c.out.peek();
      int n = ch.write(b);
      c.pending -= n;
      if (b.hasRemaining()) return;
      c.out.poll();
    }
    c.lastActive = System.nanoTime();
    if (c.closeAfterFlush) {
      close(key);
      return;
    }
    key.interestOps(SelectionKey.OP_READ);
  }

  private void sweepIdle() {
    long now = System.nanoTime();
    for (SelectionKey key : selector.keys()) {
      if (key.attachment() instanceof Client c && now - c.lastActive > idleNanos) close(key);
    }
  }

  private void close(SelectionKey key) {
    if (key.attachment() instanceof Client) connections--;
    key.attach(null);
    key.cancel();
    try {
      key.channel().close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Connections open now (read from the selector thread's count; approximate from others). */
  public int connections() {
    return connections;
  }

  @Override
  public void close() {
    stopping = true;
    selector.wakeup();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      for (SelectionKey key : selector.keys()) key.channel().close();
      selector.close();
      server.close();
    } catch (IOException | ClosedSelectorException ignored) {
      // closing anyway
    }
  }
}
