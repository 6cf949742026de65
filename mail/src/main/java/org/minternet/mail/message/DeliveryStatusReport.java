package org.minternet.mail.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Writes a delivery status notification: a multipart/report (RFC 6522) with a human-readable
 * part, a message/delivery-status part (RFC 3464 §2) with one block per recipient, and the
 * original message (message/rfc822) or only its header (text/rfc822-headers).
 */
public final class DeliveryStatusReport {
  /** The Action field (RFC 3464 §2.3.3). */
  public enum Action { FAILED, DELAYED, DELIVERED, RELAYED, EXPANDED }

  /**
   * One per-recipient block.
   *
   * @param finalRecipient the address delivery was attempted to
   * @param originalRecipient the ORCPT parameter as received ({@code rfc822;addr}), or null
   * @param status the RFC 3463 status code, e.g. 5.1.1
   * @param remoteMta the remote server's name, or null
   * @param diagnostic the remote reply or the reason, or null
   */
  public record Recipient(String finalRecipient, String originalRecipient, Action action, String status,
      String remoteMta, String diagnostic) {}

  private DeliveryStatusReport() {}

  /**
   * The whole report message.
   *
   * @param reportingHost our host name (Reporting-MTA and the MAILER-DAEMON address)
   * @param to the original sender the report goes to
   * @param envelopeId the ENVID of the original transaction, or null
   * @param arrival when the original message arrived
   * @param original the original message
   * @param headersOnly whether to return only the original header (RET=HDRS, and for success reports)
   */
  public static byte[] build(String reportingHost, String to, String envelopeId, Instant arrival, byte[] original,
      boolean headersOnly, List<Recipient> recipients) {
    String boundary = "=_dsn_" + Long.toHexString(System.nanoTime());
    ZonedDateTime now = ZonedDateTime.now();
    Action kind = recipients.isEmpty() ? Action.FAILED : recipients.get(0).action();
    StringBuilder sb = new StringBuilder();
    sb.append("From: Mail Delivery System <MAILER-DAEMON@").append(reportingHost).append(">\r\n");
    sb.append("To: <").append(to).append(">\r\n");
    sb.append("Subject: ").append(subject(kind)).append("\r\n");
    sb.append("Date: ").append(MailDates.format(now)).append("\r\n");
    sb.append("Message-ID: <").append(MessageComposer.newMessageId(reportingHost)).append(">\r\n");
    sb.append("Auto-Submitted: auto-replied\r\n");
    sb.append("MIME-Version: 1.0\r\n");
    sb.append("Content-Type: multipart/report; report-type=delivery-status;\r\n boundary=\"").append(boundary)
        .append("\"\r\n\r\n");
    sb.append("--").append(boundary).append("\r\n");
    sb.append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
    sb.append("This is the mail system at host ").append(reportingHost).append(".\r\n\r\n");
    sb.append(explanation(kind)).append("\r\n\r\n");
    for (Recipient r : recipients) {
      sb.append("<").append(r.finalRecipient()).append(">: ")
          .append(r.diagnostic() == null ? r.action().name().toLowerCase(Locale.ROOT) : r.diagnostic()).append("\r\n");
    }
    sb.append("\r\n--").append(boundary).append("\r\n");
    sb.append("Content-Type: message/delivery-status\r\n\r\n");
    sb.append("Reporting-MTA: dns; ").append(reportingHost).append("\r\n");
    if (envelopeId != null) sb.append("Original-Envelope-Id: ").append(envelopeId).append("\r\n");
    sb.append("Arrival-Date: ").append(MailDates.format(arrival.atZone(ZoneId.systemDefault()))).append("\r\n");
    for (Recipient r : recipients) {
      sb.append("\r\n");
      if (r.originalRecipient() != null) sb.append("Original-Recipient: ").append(r.originalRecipient()).append("\r\n");
      sb.append("Final-Recipient: rfc822; ").append(r.finalRecipient()).append("\r\n");
      sb.append("Action: ").append(r.action().name().toLowerCase(Locale.ROOT)).append("\r\n");
      sb.append("Status: ").append(r.status()).append("\r\n");
      if (r.remoteMta() != null) sb.append("Remote-MTA: dns; ").append(r.remoteMta()).append("\r\n");
      if (r.diagnostic() != null) sb.append("Diagnostic-Code: smtp; ").append(r.diagnostic()).append("\r\n");
      sb.append("Last-Attempt-Date: ").append(MailDates.format(now)).append("\r\n");
    }
    sb.append("\r\n--").append(boundary).append("\r\n");
    sb.append(headersOnly ? "Content-Type: text/rfc822-headers\r\n\r\n" : "Content-Type: message/rfc822\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream(original.length + sb.length() + 64);
    out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    if (headersOnly) {
      out.write(original, 0, headerLength(original));
    } else {
      out.writeBytes(original);
      if (original.length > 0 && original[original.length - 1] != '\n') out.writeBytes(new byte[] {'\r', '\n'});
    }
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static String subject(Action kind) {
    return switch (kind) {
      case FAILED -> "Undelivered Mail Returned to Sender";
      case DELAYED -> "Delayed Mail (still being retried)";
      case DELIVERED, RELAYED, EXPANDED -> "Successful Mail Delivery Report";
    };
  }

  private static String explanation(Action kind) {
    return switch (kind) {
      case FAILED -> "Your message could not be delivered to one or more recipients.";
      case DELAYED -> "Your message could not be delivered yet; the mail system will keep trying.";
      case DELIVERED -> "Your message was delivered to the mailbox of the recipients below, as you asked.";
      case RELAYED, EXPANDED -> "Your message was passed on to a server that does not report delivery status.";
    };
  }

  private static int headerLength(byte[] message) {
    try {
      return MessageHeader.parse(message).bodyOffset();
    } catch (MessageFormatException e) {
      return Math.min(message.length, 8192);
    }
  }
}
