package org.minternet.mail.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one delivery attempt of one queued message decided, written in one transaction by
 * {@link MailStore#recordAttempt}: each attempted recipient's new state, and the reports
 * (bounces, delay and relay notices) the outcome causes. A crash therefore leaves either the whole
 * attempt recorded with its reports, or nothing, never a recipient marked failed without its
 * bounce nor a bounce sent twice.
 *
 * @param results the recipients' outcomes
 * @param reports messages to deliver because of them (from the null sender), possibly none
 */
public record QueueAttempt(List<RecipientResult> results, List<Delivery> reports) {
  public QueueAttempt {
    results = List.copyOf(results);
    reports = List.copyOf(reports);
  }

  /**
   * One recipient's outcome.
   *
   * @param recipientId the queue recipient's id
   * @param state DELIVERED, FAILED, or PENDING to retry at {@code nextAttempt}
   * @param nextAttempt when a PENDING recipient is due again (for the others, when it was decided)
   * @param error the last reply or error text, or null
   */
  public record RecipientResult(long recipientId, QueueEntry.State state, Instant nextAttempt, String error) {
    public RecipientResult {
      Objects.requireNonNull(state);
      Objects.requireNonNull(nextAttempt);
    }
  }
}
