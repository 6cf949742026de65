package org.minternet.mail.imap;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The notification hub: whoever changes a mailbox (SMTP delivery through
 * {@link org.minternet.mail.store.MailStore#onMailboxChange}, another IMAP session, POP3) calls
 * {@link #changed(long)}; sessions in IDLE on that mailbox wait in {@link #await} and wake at
 * once — only they, so that one delivery does not wake every idle client of the server. Each
 * mailbox has a change counter, so a session also knows cheaply whether it must ask the store at
 * all. Sessions still poll the store now and then, for writers that do not notify (another node
 * on a shared PostgreSQL).
 */
final class MailboxEvents {
  /** The key sessions without a selected mailbox wait on. */
  static final long NO_MAILBOX = 0;

  private final ConcurrentHashMap<Long, AtomicLong> versions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Condition> conditions = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();

  private Condition condition(long mailboxId) {
    return conditions.computeIfAbsent(mailboxId, k -> lock.newCondition());
  }

  /** Records a committed change to a mailbox and wakes the sessions waiting on it. */
  void changed(long mailboxId) {
    versions.computeIfAbsent(mailboxId, k -> new AtomicLong()).incrementAndGet();
    wake(mailboxId);
  }

  /** Wakes the sessions waiting on a mailbox without a change (e.g. one of them got DONE). */
  void wake(long mailboxId) {
    Condition c = conditions.get(mailboxId);
    if (c == null) return;
    lock.lock();
    try {
      c.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes everyone (the server is closing). */
  void wakeAll() {
    lock.lock();
    try {
      for (Condition c : conditions.values()) c.signalAll();
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
  void await(long mailboxId, long seen, Duration timeout, BooleanSupplier stop) throws InterruptedException {
    long nanos = timeout.toNanos();
    Condition c = condition(mailboxId);
    lock.lock();
    try {
      while (version(mailboxId) == seen && !stop.getAsBoolean() && nanos > 0) {
        nanos = c.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }
}
