package org.minternet.world;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Things several services of a world share and the world closes when it stops: a mail host's
 * store (used by its SMTP, POP3 and IMAP services), the world's certificate, its resolver.
 *
 * <p>Creating a resource may do I/O (open a database, write a certificate), so one
 * {@link ReentrantLock}, not {@code synchronized}, guards creation and closing (DESIGN: no
 * virtual-thread pinning); a factory may itself get another resource.
 */
public final class SharedResources implements AutoCloseable {
  /** Creates a shared resource. */
  @FunctionalInterface
  public interface Factory<T> {
    T create() throws IOException;
  }

  private final Map<String, Object> values = new ConcurrentHashMap<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();

  /** The resource under {@code key}, created on first use; closed with the world if closeable. */
  @SuppressWarnings("unchecked")
  public <T> T get(String key, Factory<T> factory) throws IOException {
    lock.lock();
    try {
      Object v = values.get(key);
      if (v == null) {
        v = factory.create();
        values.put(key, v);
        if (v instanceof AutoCloseable c) closeables.add(c);
      }
      return (T) v;
    } finally {
      lock.unlock();
    }
  }

  /** True the first time a key is claimed: lets one service of a group start the whole group. */
  public boolean claim(String key) {
    return values.putIfAbsent("claim:" + key, Boolean.TRUE) == null;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      for (int i = closeables.size() - 1; i >= 0; i--) {
        try {
          closeables.get(i).close();
        } catch (Exception ignored) {
          // stopping anyway
        }
      }
      closeables.clear();
      values.clear();
    } finally {
      lock.unlock();
    }
  }
}
