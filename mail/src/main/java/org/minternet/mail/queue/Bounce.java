package org.minternet.mail.queue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import org.minternet.mail.message.MailDates;
import org.minternet.mail.message.MessageComposer;
import org.minternet.mail.message.MessageFormatException;
import org.minternet.mail.message.MessageHeader;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.QueueEntry;
import org.minternet.mail.store.Recipient;

/**
 * A non-delivery report: a multipart/report (RFC 6522) with a human-readable part, a
 * message/delivery-status part (RFC 3464) and the returned message or, for RET=HDRS, its header
 * (text/rfc822-headers). Sent from the null reverse-path so that it never bounces itself
 * (RFC 5321 §4.5.5).
 */
final class Bounce {
  /** One failed recipient with the reply or reason. */
  record Failure(QueueEntry.QueueRecipient recipient, String status, String diagnostic, String remoteMta) {}

  private Bounce() {}

  /** Whether a failure report should be sent at all (null sender, NOTIFY without FAILURE). */
  static boolean wanted(QueueEntry entry, Failure f) {
    if (entry.sender().isEmpty()) return false;
    String notify = f.recipient().notifyOn();
    return notify == null || notify.toUpperCase(Locale.ROOT).contains("FAILURE");
  }

  static Delivery build(String reportingHost, QueueEntry entry, byte[] original, List<Failure> failures) {
    String boundary = "=_dsn_" + Long.toHexString(System.nanoTime());
    ZonedDateTime now = ZonedDateTime.now();
    StringBuilder sb = new StringBuilder();
    sb.append("From: Mail Delivery System <MAILER-DAEMON@").append(reportingHost).append(">\r\n");
    sb.append("To: <").append(entry.sender()).append(">\r\n");
    sb.append("Subject: Undelivered Mail Returned to Sender\r\n");
    sb.append("Date: ").append(MailDates.format(now)).append("\r\n");
    sb.append("Message-ID: <").append(MessageComposer.newMessageId(reportingHost)).append(">\r\n");
    sb.append("Auto-Submitted: auto-replied\r\n");
    sb.append("MIME-Version: 1.0\r\n");
    sb.append("Content-Type: multipart/report; report-type=delivery-status;\r\n boundary=\"").append(boundary)
        .append("\"\r\n\r\n");
    sb.append("--").append(boundary).append("\r\n");
    sb.append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
    sb.append("This is the mail system at host ").append(reportingHost).append(".\r\n\r\n");
    sb.append("Your message could not be delivered to one or more recipients.\r\n\r\n");
    for (Failure f : failures) {
      sb.append("<").append(f.recipient().address()).append(">: ").append(f.diagnostic()).append("\r\n");
    }
    sb.append("\r\n--").append(boundary).append("\r\n");
    sb.append("Content-Type: message/delivery-status\r\n\r\n");
    sb.append("Reporting-MTA: dns; ").append(reportingHost).append("\r\n");
    if (entry.envelopeId() != null) sb.append("Original-Envelope-Id: ").append(entry.envelopeId()).append("\r\n");
    sb.append("Arrival-Date: ").append(MailDates.format(entry.created().atZone(ZoneId.systemDefault())))
        .append("\r\n");
    for (Failure f : failures) {
      sb.append("\r\n");
      sb.append("Final-Recipient: rfc822; ").append(f.recipient().address()).append("\r\n");
      if (f.recipient().orcpt() != null) sb.append("Original-Recipient: ").append(f.recipient().orcpt()).append("\r\n");
      sb.append("Action: failed\r\n");
      sb.append("Status: ").append(f.status()).append("\r\n");
      if (f.remoteMta() != null) sb.append("Remote-MTA: dns; ").append(f.remoteMta()).append("\r\n");
      sb.append("Diagnostic-Code: smtp; ").append(f.diagnostic()).append("\r\n");
      sb.append("Last-Attempt-Date: ").append(MailDates.format(now)).append("\r\n");
    }
    boolean headersOnly = "HDRS".equalsIgnoreCase(entry.ret());
    sb.append("\r\n--").append(boundary).append("\r\n");
    sb.append(headersOnly ? "Content-Type: text/rfc822-headers\r\n\r\n" : "Content-Type: message/rfc822\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    if (headersOnly) {
      out.write(original, 0, headerLength(original));
    } else {
      out.writeBytes(original);
      if (original.length > 0 && original[original.length - 1] != '\n') out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return new Delivery("", List.of(Recipient.of(entry.sender())), out.toByteArray(), null, null);
  }

  private static int headerLength(byte[] message) {
    try {
      return MessageHeader.parse(message).bodyOffset();
    } catch (MessageFormatException e) {
      return Math.min(message.length, 8192);
    }
  }

}
