package org.minternet.mail.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.minternet.core.store.Store;
import org.minternet.core.store.StoreException;

/**
 * Group commit of message writes: writes that arrive while another group is being committed wait
 * and are then committed together in one transaction, each in its own savepoint so that one
 * failing write does not undo the others. Each write is committed before {@link #write} returns,
 * as the protocols require before their OK; the group only shares the cost of the commit.
 */
final class GroupCommit {
  /** Most writes committed together by one group commit. */
  static final int MAX_GROUP = 64;

  private final Store store;
  private final ReentrantLock groupLock = new ReentrantLock();
  private final ConcurrentLinkedQueue<PendingWrite<?>> pending = new ConcurrentLinkedQueue<>();

  GroupCommit(Store store) {
    this.store = store;
  }

  /** A write waiting for the next group commit. */
  private static final class PendingWrite<T> {
    final Store.Work<T> work;
    T value;
    RuntimeException failure;
    volatile boolean done;

    PendingWrite(Store.Work<T> work) {
      this.work = work;
    }
  }

  <T> T write(Store.Work<T> work) {
    PendingWrite<T> p = new PendingWrite<>(work);
    pending.add(p);
    groupLock.lock();
    try {
      if (!p.done) commitGroup();
    } finally {
      groupLock.unlock();
    }
    if (p.failure != null) throw p.failure;
    return p.value;
  }

  private void commitGroup() {
    List<PendingWrite<?>> group = new ArrayList<>();
    PendingWrite<?> next;
    while (group.size() < MAX_GROUP && (next = pending.poll()) != null) group.add(next);
    try {
      store.inTransaction(c -> {
        for (PendingWrite<?> w : group) run(c, w);
        return null;
      });
    } catch (RuntimeException e) {
      for (PendingWrite<?> w : group) if (w.failure == null) w.failure = e;
    }
    for (PendingWrite<?> w : group) w.done = true;
  }

  private static <T> void run(Connection c, PendingWrite<T> w) throws SQLException {
    Savepoint sp = c.setSavepoint();
    try {
      w.value = w.work.run(c);
      c.releaseSavepoint(sp);
    } catch (SQLException | RuntimeException e) {
      c.rollback(sp);
      w.failure = e instanceof RuntimeException r ? r : new StoreException("store write failed: " + e.getMessage(), e);
    }
  }
}
