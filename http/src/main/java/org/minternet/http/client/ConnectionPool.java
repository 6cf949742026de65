package org.minternet.http.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client's persistent connections, idle ones kept per origin (RFC 9112 §9.3). A connection
 * comes back only after its response was read completely and both sides keep it open; one idle
 * longer than {@link #MAX_IDLE} (the server has probably closed it), closed, or with unread bytes
 * is not reused. Idle connections of origins no longer used are closed by a periodic sweep.
 */
final class ConnectionPool implements AutoCloseable {
  /** Longest an idle connection is kept. */
  static final Duration MAX_IDLE = Duration.ofSeconds(10);

  private final int maxIdlePerOrigin;
  private final Map<Origin, Deque<ClientConnection>> idle = new HashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;
  private long lastSweep = System.nanoTime();

  ConnectionPool(int maxIdlePerOrigin) {
    this.maxIdlePerOrigin = maxIdlePerOrigin;
  }

  /** An idle connection to {@code origin} that can carry another request, or null. */
  ClientConnection take(Origin origin) {
    long now = System.nanoTime();
    lock.lock();
    try {
      Deque<ClientConnection> q = idle.get(origin);
      while (q != null && !q.isEmpty()) {
        ClientConnection c = q.pollFirst();
        if (now - c.idleSince < MAX_IDLE.toNanos() && c.reusable() && c.idleClean()) return c;
        c.close();
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Keeps a connection whose exchange completed, or closes it when it cannot be reused. */
  void release(ClientConnection c) {
    if (!c.reusable()) {
      c.close();
      return;
    }
    c.idleSince = System.nanoTime();
    lock.lock();
    try {
      if (closed) {
        c.close();
        return;
      }
      if (c.idleSince - lastSweep > MAX_IDLE.toNanos()) sweep(c.idleSince);
      Deque<ClientConnection> q = idle.computeIfAbsent(c.origin, k -> new ArrayDeque<>());
      if (q.size() >= maxIdlePerOrigin) c.close();
      else q.addFirst(c);
    } finally {
      lock.unlock();
    }
  }

  /** Closes connections idle for too long, so that origins no longer used hold no sockets. */
  private void sweep(long now) {
    lastSweep = now;
    var it = idle.values().iterator();
    while (it.hasNext()) {
      Deque<ClientConnection> q = it.next();
      q.removeIf(c -> {
        boolean expired = now - c.idleSince >= MAX_IDLE.toNanos();
        if (expired) c.close();
        return expired;
      });
      if (q.isEmpty()) it.remove();
    }
  }

  /** Number of idle connections (for tests and statistics). */
  int idleCount() {
    lock.lock();
    try {
      return idle.values().stream().mapToInt(Deque::size).sum();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      idle.values().forEach(q -> q.forEach(ClientConnection::close));
      idle.clear();
    } finally {
      lock.unlock();
    }
  }
}
