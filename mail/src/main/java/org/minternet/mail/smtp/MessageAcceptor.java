package org.minternet.mail.smtp;

import java.io.ByteArrayOutputStream;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.minternet.core.store.StoreException;
import org.minternet.mail.message.DeliveryStatusReport;
import org.minternet.mail.message.DsnNotify;
import org.minternet.mail.message.MailDates;
import org.minternet.mail.message.MessageComposer;
import org.minternet.mail.message.MessageFormatException;
import org.minternet.mail.message.MessageHeader;
import org.minternet.mail.store.Accounts;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.Recipient;

/**
 * Ends a mail transaction whose content has been received: prepends the Received trace header
 * (RFC 5321 §4.4), adds Date and Message-ID to submissions that lack them (RFC 6409 §8), and
 * delivers in one store transaction before the positive reply is sent.
 */
final class MessageAcceptor {
  private static final Logger LOG = System.getLogger(MessageAcceptor.class.getName());
  /** Most Received headers before a message is considered looping (RFC 5321 §6.3). */
  static final int MAX_HOPS = 50;

  private MessageAcceptor() {}

  static SmtpReply accept(SmtpSession s, byte[] content) {
    if (countReceived(content) >= MAX_HOPS) {
      return SmtpReply.of(554, "5.4.6", "Too many hops: mail loop detected");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 512);
    out.writeBytes(received(s).getBytes(StandardCharsets.UTF_8));
    if (s.service.requiresAuth()) out.writeBytes(missingSubmissionFields(s, content));
    out.writeBytes(content);
    long queueId;
    byte[] message = out.toByteArray();
    try {
      queueId = s.config.store().deliver(new Delivery(s.sender, s.recipients, message, s.envelopeId, s.ret));
    } catch (StoreException e) {
      LOG.log(Level.ERROR, "delivery failed", e);
      return SmtpReply.of(451, "4.3.0", "Temporary failure storing the message; try again later");
    }
    reportLocalSuccess(s, message);
    if (queueId > 0) s.config.onQueued().run();
    return SmtpReply.of(250, "2.0.0", "OK " + (queueId > 0 ? "queued as Q" + queueId : "delivered"));
  }

  /**
   * RFC 3461 §5.2.2: recipients delivered here with NOTIFY=SUCCESS get a "delivered" report. It is
   * sent after the delivery commits; a crash in between loses only the report, never the message.
   */
  private static void reportLocalSuccess(SmtpSession s, byte[] message) {
    if (s.sender.isEmpty()) return;
    List<DeliveryStatusReport.Recipient> delivered = new ArrayList<>();
    for (Recipient r : s.recipients) {
      if (!r.wants(DsnNotify.Event.SUCCESS)) continue;
      if (s.config.store().accounts().route(r.address()) != Accounts.Route.LOCAL) continue;
      delivered.add(new DeliveryStatusReport.Recipient(r.address(), r.orcpt(), DeliveryStatusReport.Action.DELIVERED,
          "2.0.0", null, null));
    }
    if (delivered.isEmpty()) return;
    try {
      byte[] report = DeliveryStatusReport.build(s.config.hostname(), s.sender, s.envelopeId, Instant.now(), message,
          true, delivered);
      s.config.store().deliver(new Delivery("", List.of(Recipient.of(s.sender)), report, null, null));
    } catch (StoreException e) {
      LOG.log(Level.WARNING, "success report not stored: " + e.getMessage());
    }
  }

  private static int countReceived(byte[] content) {
    try {
      return MessageHeader.parse(content).all("Received").size();
    } catch (MessageFormatException e) {
      return 0;
    }
  }

  private static byte[] missingSubmissionFields(SmtpSession s, byte[] content) {
    MessageHeader h;
    try {
      h = MessageHeader.parse(content);
    } catch (MessageFormatException e) {
      return new byte[0];
    }
    StringBuilder sb = new StringBuilder();
    if (h.get("Date") == null) sb.append("Date: ").append(MailDates.format(ZonedDateTime.now())).append("\r\n");
    if (h.get("Message-ID") == null) {
      String domain = s.user.address().substring(s.user.address().indexOf('@') + 1);
      sb.append("Message-ID: <").append(MessageComposer.newMessageId(domain)).append(">\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The trace header, with the protocol keyword of RFC 3848 (ESMTPSA etc.). */
  static String received(SmtpSession s) {
    String proto = (s.smtpUtf8 ? "UTF8SMTP" : s.extended ? "ESMTP" : "SMTP")
        + (s.connection().isSecure() ? "S" : "") + (s.user != null ? "A" : "");
    if (!s.extended) proto = s.connection().isSecure() ? "SMTPS" : "SMTP";
    String ip = s.connection().remoteAddress().getAddress().getHostAddress();
    StringBuilder sb = new StringBuilder();
    sb.append("Received: from ").append(s.clientName == null ? "unknown" : s.clientName)
        .append(" ([").append(ip).append("])\r\n\tby ").append(s.config.hostname())
        .append(" (Minternet) with ").append(proto);
    if (s.recipients.size() == 1) sb.append("\r\n\tfor <").append(s.recipients.get(0).address()).append(">");
    sb.append(";\r\n\t").append(MailDates.format(ZonedDateTime.now())).append("\r\n");
    return sb.toString();
  }
}
