package org.minternet.core.net;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds every socket write in time, like nginx's {@code send_timeout}: when one write call makes
 * no progress for longer than the timeout (a peer that asked for a large response and stopped
 * reading), the socket is closed, which fails the blocked write with a
 * {@link WriteTimeoutException} and frees the thread and the connection slot.
 *
 * <p>{@link Connection} does this for every connection (default {@link #DEFAULT}, per listener
 * {@link TcpListener.Builder#writeTimeout}, per connection {@link Connection#writeTimeout}). Code
 * that writes to a {@link Socket} of its own wraps the socket's stream once:
 *
 * <pre>{@code
 * OutputStream out = new BufferedOutputStream(WriteTimeouts.guard(socket, timeout));
 * }</pre>
 *
 * <p>How: the guarded stream stamps the start of each underlying write call (at most 64 KiB, so a
 * slow but steady reader progresses within each call) and clears the stamp after it. One daemon
 * watchdog thread, started on first use, looks at the open guarded sockets about once a second and
 * closes those whose current write started longer ago than their timeout; the event is logged once
 * at INFO with the peer address. A socket leaves the watch when its guarded stream is closed or
 * when the watchdog finds the socket closed.
 */
public final class WriteTimeouts {
  private static final Logger LOG = System.getLogger(WriteTimeouts.class.getName());

  /** Default longest time a single write may make no progress: 60 seconds, as nginx. */
  public static final Duration DEFAULT = Duration.ofSeconds(60);

  private static final long MAX_PERIOD = TimeUnit.SECONDS.toNanos(1);
  private static final long MIN_PERIOD = TimeUnit.MILLISECONDS.toNanos(10);

  private static final Set<WriteGuard> WATCHED = ConcurrentHashMap.newKeySet();
  /** How often the watchdog looks: a second, or a quarter of the shortest timeout seen. */
  private static final AtomicLong PERIOD = new AtomicLong(MAX_PERIOD);
  private static final ReentrantLock START = new ReentrantLock();
  private static volatile Thread watchdog;

  private WriteTimeouts() {}

  /**
   * Returns {@code out} guarded by a write timeout: a write that makes no progress for longer than
   * {@code timeout} closes {@code socket} and throws {@link WriteTimeoutException}. Pass the
   * socket's own stream (or one layered directly on it, such as an {@code SSLSocket}'s), and put
   * any buffering on top of the guarded stream. A zero or null timeout waits forever.
   *
   * @param socket closed on a stall; for TLS layered over a TCP socket (STARTTLS), the TCP one
   */
  public static OutputStream guard(Socket socket, OutputStream out, Duration timeout) {
    return guard(socket, out, timeout, true);
  }

  /** {@link #guard(Socket, OutputStream, Duration)} of the socket's own output stream. */
  public static OutputStream guard(Socket socket, Duration timeout) throws IOException {
    return guard(socket, socket.getOutputStream(), timeout, false);
  }

  private static OutputStream guard(Socket socket, OutputStream out, Duration timeout,
      boolean timedFlush) {
    WriteGuard g = new WriteGuard(socket, out, timeout, peer(socket), timedFlush);
    watch(g);
    return g;
  }

  static String peer(Socket socket) {
    return socket.getRemoteSocketAddress() instanceof InetSocketAddress a
        ? a.getAddress().getHostAddress() + ":" + a.getPort()
        : "unconnected socket";
  }

  static void watch(WriteGuard g) {
    watchAtLeastEvery(g.timeoutNanos());
    WATCHED.add(g);
    if (watchdog == null) startWatchdog();
  }

  static void unwatch(WriteGuard g) {
    WATCHED.remove(g);
  }

  /** Whether a guarded stream is being watched (for tests). */
  static boolean isWatched(OutputStream guarded) {
    return guarded instanceof WriteGuard g && WATCHED.contains(g);
  }

  /** Makes the watchdog look often enough for a timeout this short (tests use sub-second ones). */
  static void watchAtLeastEvery(long timeoutNanos) {
    if (timeoutNanos == 0) return;
    long wanted = Math.max(MIN_PERIOD, timeoutNanos / 4);
    if (wanted < PERIOD.get()) PERIOD.accumulateAndGet(wanted, Math::min);
  }

  private static void startWatchdog() {
    START.lock();
    try {
      if (watchdog == null) {
        watchdog = Thread.ofPlatform().name("write-timeout-watchdog").daemon(true)
            .start(WriteTimeouts::watchLoop);
      }
    } finally {
      START.unlock();
    }
  }

  private static void watchLoop() {
    while (true) {
      LockSupport.parkNanos(PERIOD.get());
      try {
        scan(System.nanoTime());
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "write timeout watchdog failed", e);
      }
    }
  }

  private static void scan(long now) {
    for (WriteGuard g : WATCHED) {
      if (g.socket().isClosed()) {
        WATCHED.remove(g);
      } else if (g.stalled(now)) {
        WATCHED.remove(g);
        g.markTimedOut();
        // Closing may take locks the stalled writer holds (SSLSocket); never on this thread.
        Thread.ofVirtual().name("write-timeout-close").start(() -> abort(g));
      }
    }
  }

  /**
   * Closes a stalled socket at once, discarding what the peer did not read (reset, not FIN: an
   * orphaned socket with a full send buffer would otherwise linger in the kernel). The linger
   * setting also makes an {@code SSLSocket} skip waiting for its write lock to send close_notify.
   */
  private static void abort(WriteGuard g) {
    Socket s = g.socket();
    LOG.log(Level.INFO, () -> g.label() + ": no write progress for "
        + (g.timeoutNanos() / 1_000_000) + " ms, connection closed");
    try {
      s.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed or reset; close() below is enough
    }
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
