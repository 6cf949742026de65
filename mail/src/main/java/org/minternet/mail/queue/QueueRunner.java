package org.minternet.mail.queue;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.minternet.core.store.StoreException;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.QueueEntry;

/**
 * Delivers the outgoing queue: claims due recipients, groups them by domain and delivers each
 * domain's share ({@link DomainDelivery}) — several recipients per transaction and several
 * messages per connection. 2xx marks a recipient delivered; 4xx and connection failures retry with
 * exponential back-off; 5xx, or a temporary failure past the give-up time, fails the recipient and
 * sends a bounce (RFC 3464) in the same store transaction, recorded as soon as the server has
 * answered that message. State lives in the store only, so the queue resumes after a restart.
 */
public final class QueueRunner implements AutoCloseable {
  private static final Logger LOG = System.getLogger(QueueRunner.class.getName());
  /** Queue entries claimed per pass. */
  static final int BATCH = 500;

  private final MailStore store;
  private final QueueConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private boolean woken;
  private volatile boolean closed;
  private Thread thread;

  public QueueRunner(MailStore store, QueueConfig config) {
    this.store = store;
    this.config = config;
  }

  /**
   * Starts the background delivery loop, after releasing the claims this node held when it last
   * stopped: a node killed mid-delivery (kill -9) left them claimed, and nobody else will finish
   * them before the lease ends.
   */
  public QueueRunner start() {
    int released = store.queue().releaseClaims(config.node());
    if (released > 0) LOG.log(Level.INFO, () -> "released " + released + " queue claims of an earlier run");
    thread = Thread.ofVirtual().name("mail-queue").start(this::loop);
    return this;
  }

  /** Asks the loop to look at the queue now (after a message was queued). */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (!closed) {
      try {
        while (!closed && runOnce() > 0) {
          // keep going while there was work: more may have become due
        }
      } catch (StoreException e) {
        LOG.log(Level.WARNING, "queue pass failed: " + e.getMessage());
      } catch (RuntimeException e) {
        // a bug must not stop the queue for good: log it and try again at the next pass
        LOG.log(Level.ERROR, "queue pass failed", e);
      }
      lock.lock();
      try {
        if (!woken && !closed) {
          Duration wait = config.pollInterval();
          try {
            var next = store.queue().nextDue();
            if (next.isPresent()) {
              Duration until = Duration.between(Instant.now(), next.get());
              if (until.compareTo(wait) < 0) wait = until.isNegative() ? Duration.ZERO : until;
            }
          } catch (StoreException e) {
            // keep the poll interval
          }
          if (!wait.isZero()) wakeUp.await(wait.toMillis() + 1, TimeUnit.MILLISECONDS);
        }
        woken = false;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * One pass over the due part of the queue (also what "retry now" runs).
   *
   * @return the number of recipients attempted
   */
  public int runOnce() {
    Instant now = Instant.now();
    List<QueueEntry> claimed = store.queue().claimDue(config.node(), now, config.lease(), BATCH);
    if (claimed.isEmpty()) return 0;
    Map<String, List<Job>> byDomain = new LinkedHashMap<>();
    int count = 0;
    for (QueueEntry e : claimed) {
      Map<String, List<QueueEntry.QueueRecipient>> split = new LinkedHashMap<>();
      for (QueueEntry.QueueRecipient r : e.recipients()) {
        split.computeIfAbsent(r.domain(), d -> new ArrayList<>()).add(r);
        count++;
      }
      for (var s : split.entrySet()) byDomain.computeIfAbsent(s.getKey(), d -> new ArrayList<>()).add(new Job(e, s.getValue()));
    }
    Semaphore parallel = new Semaphore(config.parallelDomains());
    try (ClaimRenewal renewal = ClaimRenewal.start(store.queue(), config.node(), claimed, config.lease());
        ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (var d : byDomain.entrySet()) {
        futures.add(exec.submit(() -> {
          parallel.acquireUninterruptibly();
          try {
            new DomainDelivery(store, config, d.getKey(), d.getValue()).run();
          } finally {
            parallel.release();
          }
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          LOG.log(Level.ERROR, "delivery task failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    store.queue().purgeFinished();
    return count;
  }

  /** The recipients of one queue entry in one domain. */
  record Job(QueueEntry entry, List<QueueEntry.QueueRecipient> recipients) {}

  @Override
  public void close() {
    closed = true;
    wake();
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
