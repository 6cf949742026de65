package org.minternet.mail.queue;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.minternet.mail.message.DeliveryStatusReport;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.QueueAttempt;
import org.minternet.mail.store.QueueEntry;

/**
 * Turns the outcomes of one attempt of one queued message into what the store records in one
 * transaction: delivered, retry later, or failed; and the reports the sender asked for with
 * NOTIFY (one delay report after the first failed attempt, relayed reports when the receiver
 * does not take DSN over) and one bounce for the failures (RFC 3461 §5.2).
 */
final class AttemptRecord {
  private static final Logger LOG = System.getLogger(QueueRunner.class.getName());

  private AttemptRecord() {}

  /**
   * The record of {@code job}'s attempt.
   *
   * @param fallback the outcome of recipients without their own (the session never reached them)
   * @param original the message's bytes, read at most once and only when a report needs them
   */
  static QueueAttempt of(QueueConfig config, QueueRunner.Job job, Map<Long, Outcome> outcomes, Outcome fallback,
      Supplier<byte[]> original) {
    Instant now = Instant.now();
    QueueEntry entry = job.entry();
    List<QueueAttempt.RecipientResult> results = new ArrayList<>();
    List<Bounce.Failure> failures = new ArrayList<>();
    List<Bounce.Failure> delays = new ArrayList<>();
    List<Bounce.Failure> relayed = new ArrayList<>();
    for (QueueEntry.QueueRecipient r : job.recipients()) {
      Outcome o = outcomes.getOrDefault(r.id(), fallback);
      if (o.delivered()) {
        results.add(new QueueAttempt.RecipientResult(r.id(), QueueEntry.State.DELIVERED, now, o.text()));
        LOG.log(Level.INFO, () -> "delivered Q" + entry.id() + " to " + r.address() + ": " + o.text());
        if (!o.remoteDsn() && Bounce.wanted(entry, r, DeliveryStatusReport.Action.RELAYED)) {
          relayed.add(new Bounce.Failure(r, "2.0.0", o.text(), o.remoteMta()));
        }
      } else if (!o.permanent() && entry.created().plus(config.giveUpAfter()).isAfter(now)) {
        results.add(new QueueAttempt.RecipientResult(r.id(), QueueEntry.State.PENDING,
            now.plus(config.backoff(r.attempts())), o.text()));
        LOG.log(Level.INFO, () -> "deferred Q" + entry.id() + " to " + r.address() + ": " + o.text());
        if (r.attempts() == 0 && Bounce.wanted(entry, r, DeliveryStatusReport.Action.DELAYED)) {
          delays.add(new Bounce.Failure(r, o.status(), o.text(), o.remoteMta()));
        }
      } else {
        String status = o.permanent() ? o.status() : "5" + o.status().substring(1);
        String text = o.permanent() ? o.text() : o.text() + " (gave up after " + config.giveUpAfter() + ")";
        results.add(new QueueAttempt.RecipientResult(r.id(), QueueEntry.State.FAILED, now, text));
        if (Bounce.wanted(entry, r, DeliveryStatusReport.Action.FAILED)) {
          failures.add(new Bounce.Failure(r, status, text, o.remoteMta()));
        }
        LOG.log(Level.INFO, () -> "failed Q" + entry.id() + " to " + r.address() + ": " + text);
      }
    }
    List<Delivery> reports = new ArrayList<>();
    if (!delays.isEmpty()) {
      reports.add(Bounce.report(config.hostname(), entry, original.get(), delays, DeliveryStatusReport.Action.DELAYED,
          true));
    }
    if (!relayed.isEmpty()) {
      reports.add(Bounce.report(config.hostname(), entry, original.get(), relayed,
          DeliveryStatusReport.Action.RELAYED, true));
    }
    if (!failures.isEmpty()) reports.add(Bounce.build(config.hostname(), entry, original.get(), failures));
    return new QueueAttempt(results, reports);
  }
}
