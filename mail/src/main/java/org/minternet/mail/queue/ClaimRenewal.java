package org.minternet.mail.queue;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.minternet.core.store.StoreException;
import org.minternet.mail.store.OutgoingQueue;
import org.minternet.mail.store.QueueEntry;

/**
 * Keeps the claims of one queue pass alive while it delivers them: every third of the lease, the
 * lease of the pass's recipients that are still claimed (no outcome yet) is extended by a whole
 * lease. So the lease can be short — the
 * claims of a node that died and does not come back are free again within one lease — while a
 * long session (hundreds of messages to one domain) keeps the recipients it has not reached yet.
 */
final class ClaimRenewal implements AutoCloseable {
  private static final Logger LOG = System.getLogger(QueueRunner.class.getName());

  private final Thread thread;

  private ClaimRenewal(OutgoingQueue queue, String node, List<Long> recipientIds, Duration lease) {
    Duration every = lease.dividedBy(3);
    thread = Thread.ofVirtual().name("mail-queue-lease").start(() -> {
      try {
        while (true) {
          Thread.sleep(every);
          try {
            queue.renewClaims(node, recipientIds, Instant.now().plus(lease));
          } catch (StoreException e) {
            LOG.log(Level.WARNING, "queue claims not renewed: " + e.getMessage());
          }
        }
      } catch (InterruptedException done) {
        // the pass is over
      }
    });
  }

  /** Renews the claims on {@code claimed}'s recipients until closed. */
  static ClaimRenewal start(OutgoingQueue queue, String node, List<QueueEntry> claimed, Duration lease) {
    List<Long> ids = claimed.stream().flatMap(e -> e.recipients().stream()).map(QueueEntry.QueueRecipient::id).toList();
    return new ClaimRenewal(queue, node, ids, lease);
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
