package org.minternet.http.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.minternet.core.naming.NameResolver;
import org.minternet.core.net.Connection;
import org.minternet.core.tap.Transcript;

/**
 * Persistent connections to origin servers, pooled per host and port (RFC 9112 §9.3). A
 * connection goes back to the pool only after its response was read completely and both sides
 * keep it open; idle ones older than {@link #MAX_IDLE} are not reused (the origin has probably
 * closed them). Names are resolved with the configured {@link NameResolver}, every address tried
 * in turn.
 */
final class OriginPool implements AutoCloseable {
  /** Idle connections kept per origin. */
  static final int MAX_IDLE_PER_ORIGIN = 32;
  /** Longest an idle connection is kept. */
  static final Duration MAX_IDLE = Duration.ofSeconds(10);

  record Address(String host, int port) {}

  /** A connection to one origin and when it last finished an exchange. */
  static final class Pooled {
    final Address address;
    final Connection connection;
    long idleSince;
    int exchanges;

    Pooled(Address address, Connection connection) {
      this.address = address;
      this.connection = connection;
    }
  }

  private final NameResolver resolver;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Transcript transcript;
  private final Map<Address, Deque<Pooled>> idle = new HashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;
  private long lastSweep = System.nanoTime();

  OriginPool(NameResolver resolver, Duration connectTimeout, Duration readTimeout,
      Transcript transcript) {
    this.resolver = resolver;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.transcript = transcript;
  }

  /** An idle pooled connection to {@code a}, or null. */
  Pooled take(Address a) {
    long now = System.nanoTime();
    lock.lock();
    try {
      Deque<Pooled> q = idle.get(a);
      while (q != null && !q.isEmpty()) {
        Pooled p = q.pollFirst();
        if (now - p.idleSince < MAX_IDLE.toNanos() && !p.connection.isClosed()
            && p.connection.reader().buffered() == 0) {
          return p;
        }
        p.connection.close();
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Opens a new connection, trying each resolved address. */
  Pooled open(Address a) throws IOException {
    List<InetAddress> addresses = resolver.addresses(a.host());
    if (addresses.isEmpty()) throw new UnknownHostException(a.host());
    IOException last = null;
    for (InetAddress ip : addresses) {
      try {
        Connection c = Connection.connect(new InetSocketAddress(ip, a.port()), connectTimeout,
            "http-proxy-origin", transcript);
        c.idleTimeout(readTimeout);
        return new Pooled(a, c);
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  /** Returns a connection whose exchange completed cleanly. */
  void release(Pooled p) {
    p.exchanges++;
    p.idleSince = System.nanoTime();
    lock.lock();
    try {
      if (closed) {
        p.connection.close();
        return;
      }
      if (p.idleSince - lastSweep > MAX_IDLE.toNanos()) sweep(p.idleSince);
      Deque<Pooled> q = idle.computeIfAbsent(p.address, k -> new ArrayDeque<>());
      if (q.size() >= MAX_IDLE_PER_ORIGIN) {
        p.connection.close();
      } else {
        q.addFirst(p);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Closes connections idle for too long, so that origins we no longer use hold no sockets. */
  private void sweep(long now) {
    lastSweep = now;
    var it = idle.values().iterator();
    while (it.hasNext()) {
      Deque<Pooled> q = it.next();
      q.removeIf(p -> {
        boolean expired = now - p.idleSince >= MAX_IDLE.toNanos();
        if (expired) p.connection.close();
        return expired;
      });
      if (q.isEmpty()) it.remove();
    }
  }

  /** Number of idle pooled connections (for tests and statistics). */
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
      idle.values().forEach(q -> q.forEach(p -> p.connection.close()));
      idle.clear();
    } finally {
      lock.unlock();
    }
  }
}
