package org.minternet.mail.queue;

import java.util.List;
import org.minternet.mail.message.DeliveryStatusReport;
import org.minternet.mail.message.DsnNotify;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.QueueEntry;
import org.minternet.mail.store.Recipient;

/**
 * The delivery status notifications the queue sends (RFC 3461 §5.2): failed, delayed and relayed
 * reports, each from the null reverse-path so that it never bounces itself (RFC 5321 §4.5.5).
 */
final class Bounce {
  /** One recipient's outcome to report. */
  record Failure(QueueEntry.QueueRecipient recipient, String status, String diagnostic, String remoteMta) {}

  private Bounce() {}

  /**
   * Whether the sender wants a report of this kind: never for the null sender; for failures
   * unless NOTIFY excludes FAILURE; for delays and successes only when NOTIFY asks (RFC 3461 §4.1).
   */
  static boolean wanted(QueueEntry entry, QueueEntry.QueueRecipient r, DeliveryStatusReport.Action action) {
    if (entry.sender().isEmpty()) return false;
    return r.recipient().wants(switch (action) {
      case FAILED -> DsnNotify.Event.FAILURE;
      case DELAYED -> DsnNotify.Event.DELAY;
      case DELIVERED, RELAYED, EXPANDED -> DsnNotify.Event.SUCCESS;
    });
  }

  static Delivery build(String reportingHost, QueueEntry entry, byte[] original, List<Failure> failures) {
    return report(reportingHost, entry, original, failures, DeliveryStatusReport.Action.FAILED,
        "HDRS".equalsIgnoreCase(entry.ret()));
  }

  /** A report of one kind for some recipients; success and delay reports return only the header. */
  static Delivery report(String reportingHost, QueueEntry entry, byte[] original, List<Failure> items,
      DeliveryStatusReport.Action action, boolean headersOnly) {
    List<DeliveryStatusReport.Recipient> rs = items.stream().map(f -> new DeliveryStatusReport.Recipient(
        f.recipient().address(), f.recipient().orcpt(), action, f.status(), f.remoteMta(), f.diagnostic())).toList();
    byte[] content = DeliveryStatusReport.build(reportingHost, entry.sender(), entry.envelopeId(), entry.created(),
        original, headersOnly, rs);
    return new Delivery("", List.of(Recipient.of(entry.sender())), content, null, null);
  }
}
