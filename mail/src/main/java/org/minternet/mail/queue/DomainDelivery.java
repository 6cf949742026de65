package org.minternet.mail.queue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.minternet.core.naming.MailExchanger;
import org.minternet.mail.smtp.SmtpClient;
import org.minternet.mail.smtp.SmtpReply;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.QueueEntry;

/**
 * One delivery attempt of the claimed messages of one destination domain: finds the domain's mail
 * exchangers (RFC 5321 §5.1: preference order, implicit MX, null MX) and delivers over SMTP with
 * opportunistic STARTTLS, several recipients per transaction and several messages per connection.
 *
 * <p>Each message's outcome is recorded in the store as soon as the server has answered its DATA,
 * before the next message goes on the connection: a crash between two messages then resends only
 * the one in flight. Messages the session never decided (connection lost, no exchanger reachable)
 * are recorded at the end with the last error. Each message is read from the store at most once.
 */
final class DomainDelivery {
  private final MailStore store;
  private final QueueConfig config;
  private final String domain;
  /** The messages not recorded yet. */
  private final List<QueueRunner.Job> open;
  private final Map<Long, Outcome> outcomes = new HashMap<>();
  /** Contents read for this attempt, by queue id, until the message is recorded. */
  private final Map<Long, byte[]> contents = new HashMap<>();

  DomainDelivery(MailStore store, QueueConfig config, String domain, List<QueueRunner.Job> jobs) {
    this.store = store;
    this.config = config;
    this.domain = domain;
    this.open = new ArrayList<>(jobs);
  }

  void run() {
    Outcome fallback;
    try {
      List<MailExchanger> mxs = config.resolver().mailExchangers(domain);
      if (mxs.isEmpty()) {
        fallback = Outcome.permanent("5.1.10", "556 5.1.10 Domain " + domain + " does not accept mail (null MX)");
      } else {
        fallback = tryExchangers(mxs);
      }
    } catch (UnknownHostException e) {
      fallback = Outcome.permanent("5.1.2", "Host or domain name not found: " + domain);
    } catch (IOException e) {
      fallback = Outcome.temporary("4.4.3", "MX lookup failed for " + domain + ": " + e.getMessage(), null);
    }
    for (QueueRunner.Job job : List.copyOf(open)) record(job, fallback);
  }

  /** Tries each exchanger's addresses in order until one holds a session; returns the outcome for the rest. */
  private Outcome tryExchangers(List<MailExchanger> mxs) {
    Outcome last = Outcome.temporary("4.4.1", "No mail exchanger reachable", null);
    for (MailExchanger mx : mxs) {
      List<InetAddress> addresses;
      try {
        addresses = config.resolver().addresses(mx.host());
      } catch (IOException e) {
        last = Outcome.temporary("4.4.3", "Cannot resolve " + mx.host() + ": " + e.getMessage(), mx.host());
        continue;
      }
      for (InetAddress a : addresses) {
        try {
          session(mx.host(), new InetSocketAddress(a, config.remotePort()));
          return last;
        } catch (IOException e) {
          last = Outcome.temporary("4.4.1", "Connection to " + mx.host() + " [" + a.getHostAddress() + "] failed: "
              + SmtpClient.printable(String.valueOf(e.getMessage())), mx.host());
          if (allDecided()) return last;
        }
      }
    }
    return last;
  }

  private boolean allDecided() {
    return open.stream().allMatch(j -> j.recipients().stream().allMatch(r -> outcomes.containsKey(r.id())));
  }

  /** One SMTP session with one exchanger for the messages not recorded yet. */
  private void session(String mxHost, InetSocketAddress address) throws IOException {
    try (SmtpClient client = SmtpClient.connect(address, config.localAddress(), mxHost, null, config.connectTimeout(),
        config.transcript())) {
      client.replyTimeout(config.commandTimeout());
      // writes have no socket timeout: a server that stops reading would hold this thread (and the
      // queue pass) for ever, so the whole session has a deadline after which the socket is closed
      Runnable abort = client::close;
      Duration limit = sessionLimit();
      Thread watchdog = Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(limit);
          abort.run();
        } catch (InterruptedException done) {
          // the session ended in time
        }
      });
      try {
        converse(client, mxHost);
      } finally {
        watchdog.interrupt();
      }
    }
  }

  /** Generous: every command may take the full command timeout, and each message its DATA timeout. */
  private Duration sessionLimit() {
    int commands = 4;
    for (QueueRunner.Job j : open) commands += 3 + j.recipients().size();
    return config.commandTimeout().multipliedBy(commands).plus(SmtpClient.DATA_END_TIMEOUT.multipliedBy(open.size()));
  }

  private void converse(SmtpClient client, String mxHost) throws IOException {
    SmtpReply greeting = client.greeting();
    if (greeting.code() != 220) {
      // RFC 5321 §3.1: a 554 greeting means "no service here": try the next exchanger
      throw new IOException("greeting " + greeting.code() + " " + SmtpClient.printable(String.join(" ", greeting.text())));
    }
    SmtpReply ehlo = client.ehlo(config.hostname());
    if (ehlo.code() != 250) throw new IOException("EHLO/HELO refused: " + ehlo.code());
    if (config.tlsClient() != null && client.supports("STARTTLS")) {
      SmtpReply tls = client.startTls(config.tlsClient());
      if (tls.code() == 220) {
        ehlo = client.ehlo(config.hostname());
        if (ehlo.code() != 250) throw new IOException("EHLO after STARTTLS refused: " + ehlo.code());
      }
    }
    for (QueueRunner.Job job : List.copyOf(open)) {
      new MessageTransaction(client, mxHost, config).run(undecided(job), content(job), outcomes);
      // the outcome is durable before the next message goes on this connection
      record(job, null);
    }
    client.quit();
  }

  private QueueRunner.Job undecided(QueueRunner.Job job) {
    return new QueueRunner.Job(job.entry(), job.recipients().stream().filter(r -> !outcomes.containsKey(r.id())).toList());
  }

  /** The message's bytes, read once per attempt; null if it vanished from the queue. */
  private byte[] content(QueueRunner.Job job) {
    long id = job.entry().id();
    byte[] b = contents.get(id);
    if (b == null) {
      b = store.queue().content(id).orElse(null);
      if (b != null) contents.put(id, b);
    }
    return b;
  }

  /** Records a message's attempt (recipients without an outcome get {@code fallback}). */
  private void record(QueueRunner.Job job, Outcome fallback) {
    store.recordAttempt(AttemptRecord.of(config, job, outcomes, fallback, () -> {
      byte[] b = content(job);
      return b == null ? new byte[0] : b;
    }));
    open.remove(job);
    contents.remove(job.entry().id());
  }
}
