package org.minternet.mail.queue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.minternet.mail.smtp.SmtpClient;
import org.minternet.mail.smtp.SmtpReply;
import org.minternet.mail.store.QueueEntry;

/**
 * One mail transaction on an open session (RFC 5321 §3.3): MAIL with the parameters the server
 * supports (SIZE, BODY=8BITMIME, SMTPUTF8, and the DSN ones RET, ENVID, NOTIFY, ORCPT per RFC
 * 3461), one RCPT per recipient, then DATA. Puts an outcome for every recipient it decides.
 */
final class MessageTransaction {
  private final SmtpClient client;
  private final String mx;
  private final QueueConfig config;

  MessageTransaction(SmtpClient client, String mx, QueueConfig config) {
    this.client = client;
    this.mx = mx;
    this.config = config;
  }

  /**
   * Sends {@code content} to the job's recipients.
   *
   * @param content the message, or null if it vanished from the queue
   * @throws IOException if the session broke (recipients not decided yet stay without outcome)
   */
  void run(QueueRunner.Job job, byte[] content, Map<Long, Outcome> outcomes) throws IOException {
    if (job.recipients().isEmpty()) return;
    if (content == null) {
      for (var r : job.recipients()) outcomes.put(r.id(), Outcome.permanent("5.3.0", "Message vanished from the queue"));
      return;
    }
    boolean dsn = client.supports("DSN");
    List<String> params = new ArrayList<>();
    if (client.supports("SIZE")) params.add("SIZE=" + content.length);
    if (client.supports("8BITMIME") && has8bit(content)) params.add("BODY=8BITMIME");
    boolean utf8 = !isAscii(job.entry().sender()) || job.recipients().stream().anyMatch(r -> !isAscii(r.address()));
    if (utf8) {
      if (!client.supports("SMTPUTF8")) {
        for (var r : job.recipients()) {
          outcomes.put(r.id(), Outcome.permanent("5.6.7", "553 5.6.7 " + mx + " does not support SMTPUTF8"));
        }
        return;
      }
      params.add("SMTPUTF8");
    }
    if (dsn && job.entry().ret() != null) params.add("RET=" + job.entry().ret());
    if (dsn && job.entry().envelopeId() != null) params.add("ENVID=" + job.entry().envelopeId());
    SmtpReply mail = client.mail(job.entry().sender(), String.join(" ", params));
    if (mail.code() != 250) {
      for (var r : job.recipients()) outcomes.put(r.id(), Outcome.of(mail, mx));
      client.rset();
      return;
    }
    List<QueueEntry.QueueRecipient> accepted = new ArrayList<>();
    for (var r : job.recipients()) {
      List<String> rp = new ArrayList<>();
      if (dsn && r.dsnNotify() != null) rp.add("NOTIFY=" + r.dsnNotify());
      if (dsn && r.orcpt() != null) rp.add("ORCPT=" + r.orcpt());
      SmtpReply reply = client.rcpt(r.address(), String.join(" ", rp));
      if (reply.code() == 250 || reply.code() == 251) accepted.add(r);
      else outcomes.put(r.id(), Outcome.of(reply, mx));
    }
    if (accepted.isEmpty()) {
      client.rset();
      return;
    }
    SmtpReply data = client.data(content);
    for (var r : accepted) outcomes.put(r.id(), Outcome.of(data, mx, dsn));
    if (data.code() == 354) throw new IOException("protocol out of step after DATA");
  }

  private static boolean has8bit(byte[] content) {
    for (byte b : content) if (b < 0) return true;
    return false;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 127) return false;
    return true;
  }
}
