package org.minternet.mail.store;

import java.time.Instant;
import java.util.List;
import org.minternet.mail.message.DsnNotify;

/** A message in the outgoing queue with its recipients that are still pending or just finished. */
public record QueueEntry(long id, String sender, String envelopeId, String ret, Instant created,
    List<QueueRecipient> recipients) {

  /** One remote recipient of a queued message and its delivery state. */
  public record QueueRecipient(long id, String address, String domain, DsnNotify dsnNotify, String orcpt,
      State state, int attempts, Instant nextAttempt, String lastError) {
    public Recipient recipient() {
      return new Recipient(address, dsnNotify, orcpt);
    }
  }

  /** The delivery state of a queued recipient. */
  public enum State { PENDING, DELIVERED, FAILED }
}
