package org.minternet.core.net;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Read timeouts kept by a watchdog instead of the socket's own read timeout, for listeners that
 * ask for it ({@link TcpListener.Builder#readTimeoutsByWatchdog}). A timed blocking read on a
 * virtual thread arms a timer in the scheduler for every read and cancels it when data comes,
 * which on a busy server with short exchanges costs a wake-up of another thread per read; here a
 * read only stamps when it must end, and one watchdog thread looks at the stamps a few times a
 * second and shuts down the input of a read past its time, which then fails with {@link
 * java.net.SocketTimeoutException}. The connection can still write (an error reply) afterwards,
 * but not read again. A timeout fires up to one watchdog period late: a quarter of the shortest
 * timeout seen, between 10 ms and 250 ms. Plain TCP only; TLS sockets keep the socket timeout.
 */
final class ReadTimeouts {
  private static final Logger LOG = System.getLogger(ReadTimeouts.class.getName());
  private static final long MAX_PERIOD = TimeUnit.MILLISECONDS.toNanos(250);
  private static final long MIN_PERIOD = TimeUnit.MILLISECONDS.toNanos(10);

  private static final Set<DeadlineInputStream> WATCHED = ConcurrentHashMap.newKeySet();
  private static final AtomicLong PERIOD = new AtomicLong(MAX_PERIOD);
  private static final ReentrantLock START = new ReentrantLock();
  private static volatile Thread watchdog;

  private ReadTimeouts() {}

  static void watch(DeadlineInputStream in) {
    WATCHED.add(in);
    if (watchdog == null) start();
  }

  static void unwatch(DeadlineInputStream in) {
    WATCHED.remove(in);
  }

  /** Makes the watchdog look often enough for a timeout this short. */
  static void atLeastEvery(long timeoutNanos) {
    long wanted = Math.max(MIN_PERIOD, timeoutNanos / 4);
    if (wanted < PERIOD.get()) PERIOD.accumulateAndGet(wanted, Math::min);
  }

  private static void start() {
    START.lock();
    try {
      if (watchdog == null) {
        watchdog = Thread.ofPlatform().name("read-timeout-watchdog").daemon(true)
            .start(ReadTimeouts::loop);
      }
    } finally {
      START.unlock();
    }
  }

  private static void loop() {
    while (true) {
      LockSupport.parkNanos(PERIOD.get());
      try {
        long now = System.nanoTime();
        for (DeadlineInputStream in : WATCHED) in.expireIfLate(now);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, "read timeout watchdog failed", e);
      }
    }
  }
}
