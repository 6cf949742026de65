package org.minternet.mail.imap;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The notification hub: whoever changes a mailbox (SMTP delivery through
 * {@link org.minternet.mail.store.MailStore#onMailboxChange}, another IMAP session, POP3) calls
 * {@link #changed(long)}; sessions in IDLE wait in {@link #await} and wake at once. Each mailbox
 * has a change counter, so a session also knows cheaply whether it must ask the store at all.
 * Sessions still poll the store now and then, for writers that do not notify (another node on
 * a shared PostgreSQL).
 */
final class MailboxEvents {
  private final ConcurrentHashMap<Long, AtomicLong> versions = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signal = lock.newCondition();

  /** Records a committed change to a mailbox and wakes the waiters. */
  void changed(long mailboxId) {
    versions.computeIfAbsent(mailboxId, k -> new AtomicLong()).incrementAndGet();
    lock.lock();
    try {
      signal.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter without a change (e.g. the client ended IDLE). */
  void wakeAll() {
    lock.lock();
    try {
      signal.signalAll();
    } finally {
      lock.unlock();
    }
  }

  long version(long mailboxId) {
    AtomicLong v = versions.get(mailboxId);
    return v == null ? 0 : v.get();
  }

  /**
   * Waits until the mailbox's version differs from {@code seen}, {@code stop} reports true, or
   * the timeout passes.
   */
  void await(long mailboxId, long seen, Duration timeout, java.util.function.BooleanSupplier stop)
      throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (version(mailboxId) == seen && !stop.getAsBoolean() && nanos > 0) {
        nanos = signal.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits for any signal or the timeout (used when no mailbox is selected). */
  void awaitAny(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      signal.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } finally {
      lock.unlock();
    }
  }
}
