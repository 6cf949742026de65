package org.minternet.mail.queue;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.minternet.core.naming.MailExchanger;
import org.minternet.core.store.StoreException;
import org.minternet.mail.message.DeliveryStatusReport;
import org.minternet.mail.smtp.SmtpClient;
import org.minternet.mail.smtp.SmtpReply;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.QueueEntry;

/**
 * Delivers the outgoing queue: claims due recipients, groups them by domain, finds the domain's
 * mail exchangers (RFC 5321 §5.1: preference order, implicit MX, null MX), and delivers over
 * SMTP with opportunistic STARTTLS — several recipients per transaction and several messages per
 * connection. 2xx marks a recipient delivered; 4xx and connection failures retry with exponential
 * back-off; 5xx, or a temporary failure past the give-up time, fails the recipient and sends a
 * bounce (RFC 3464) in the same store transaction. State lives in the store only, so the queue
 * resumes after a restart.
 */
public final class QueueRunner implements AutoCloseable {
  private static final Logger LOG = System.getLogger(QueueRunner.class.getName());
  /** Queue entries claimed per pass. */
  static final int BATCH = 500;

  private final MailStore store;
  private final QueueConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private boolean woken;
  private volatile boolean closed;
  private Thread thread;

  public QueueRunner(MailStore store, QueueConfig config) {
    this.store = store;
    this.config = config;
  }

  /** Starts the background delivery loop. */
  public QueueRunner start() {
    thread = Thread.ofVirtual().name("mail-queue").start(this::loop);
    return this;
  }

  /** Asks the loop to look at the queue now (after a message was queued). */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    while (!closed) {
      try {
        while (!closed && runOnce() > 0) {
          // keep going while there was work: more may have become due
        }
      } catch (StoreException e) {
        LOG.log(Level.WARNING, "queue pass failed: " + e.getMessage());
      } catch (RuntimeException e) {
        // a bug must not stop the queue for good: log it and try again at the next pass
        LOG.log(Level.ERROR, "queue pass failed", e);
      }
      lock.lock();
      try {
        if (!woken && !closed) {
          Duration wait = config.pollInterval();
          try {
            var next = store.nextDue();
            if (next.isPresent()) {
              Duration until = Duration.between(Instant.now(), next.get());
              if (until.compareTo(wait) < 0) wait = until.isNegative() ? Duration.ZERO : until;
            }
          } catch (StoreException e) {
            // keep the poll interval
          }
          if (!wait.isZero()) wakeUp.await(wait.toMillis() + 1, TimeUnit.MILLISECONDS);
        }
        woken = false;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * One pass over the due part of the queue (also what "retry now" runs).
   *
   * @return the number of recipients attempted
   */
  public int runOnce() {
    Instant now = Instant.now();
    List<QueueEntry> claimed = store.claimDue(now, config.lease(), BATCH);
    if (claimed.isEmpty()) return 0;
    Map<String, List<Job>> byDomain = new LinkedHashMap<>();
    int count = 0;
    for (QueueEntry e : claimed) {
      Map<String, List<QueueEntry.QueueRecipient>> split = new LinkedHashMap<>();
      for (QueueEntry.QueueRecipient r : e.recipients()) {
        split.computeIfAbsent(r.domain(), d -> new ArrayList<>()).add(r);
        count++;
      }
      for (var s : split.entrySet()) byDomain.computeIfAbsent(s.getKey(), d -> new ArrayList<>()).add(new Job(e, s.getValue()));
    }
    Semaphore parallel = new Semaphore(config.parallelDomains());
    try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (var d : byDomain.entrySet()) {
        futures.add(exec.submit(() -> {
          parallel.acquireUninterruptibly();
          try {
            deliverDomain(d.getKey(), d.getValue());
          } finally {
            parallel.release();
          }
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          LOG.log(Level.ERROR, "delivery task failed", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    store.purgeFinished();
    return count;
  }

  /** The recipients of one queue entry in one domain. */
  record Job(QueueEntry entry, List<QueueEntry.QueueRecipient> recipients) {}

  /** The outcome for one recipient. */
  record Outcome(boolean delivered, boolean permanent, String status, String text, String remoteMta,
      boolean remoteDsn) {
    static Outcome of(SmtpReply reply, String mta) {
      return of(reply, mta, false);
    }

    /** An outcome from a reply; {@code remoteDsn}: the server takes over DSN duties (RFC 3461 §5.2.2). */
    static Outcome of(SmtpReply reply, String mta, boolean remoteDsn) {
      String status = reply.status() != null ? reply.status()
          : reply.code() < 300 ? "2.0.0" : reply.code() < 500 ? "4.0.0" : "5.0.0";
      String text = reply.code() + " " + status + " " + SmtpClient.printable(String.join(" ", reply.text()));
      return new Outcome(reply.code() < 300, reply.code() >= 500, status, text, mta, remoteDsn);
    }

    static Outcome temporary(String status, String text, String mta) {
      return new Outcome(false, false, status, text, mta, false);
    }

    static Outcome permanent(String status, String text) {
      return new Outcome(false, true, status, text, null, false);
    }
  }

  void deliverDomain(String domain, List<Job> jobs) {
    Map<Long, Outcome> outcomes = new HashMap<>();
    Outcome fallback;
    try {
      List<MailExchanger> mxs = config.resolver().mailExchangers(domain);
      if (mxs.isEmpty()) {
        fallback = Outcome.permanent("5.1.10", "556 5.1.10 Domain " + domain + " does not accept mail (null MX)");
      } else {
        fallback = tryExchangers(mxs, jobs, outcomes);
      }
    } catch (UnknownHostException e) {
      fallback = Outcome.permanent("5.1.2", "Host or domain name not found: " + domain);
    } catch (IOException e) {
      fallback = Outcome.temporary("4.4.3", "MX lookup failed for " + domain + ": " + e.getMessage(), null);
    }
    record(jobs, outcomes, fallback);
  }

  /** Tries each exchanger's addresses in order until one holds a session; returns the outcome for the rest. */
  private Outcome tryExchangers(List<MailExchanger> mxs, List<Job> jobs, Map<Long, Outcome> outcomes) {
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
          if (session(mx.host(), new InetSocketAddress(a, config.remotePort()), jobs, outcomes)) return last;
        } catch (IOException e) {
          last = Outcome.temporary("4.4.1", "Connection to " + mx.host() + " [" + a.getHostAddress() + "] failed: "
              + SmtpClient.printable(String.valueOf(e.getMessage())), mx.host());
          if (outcomes.size() == countRecipients(jobs)) return last;
        }
      }
    }
    return last;
  }

  private static int countRecipients(List<Job> jobs) {
    return jobs.stream().mapToInt(j -> j.recipients().size()).sum();
  }

  /**
   * One SMTP session with one exchanger for the jobs without an outcome yet.
   *
   * @return true if the exchanger gave an answer for every job (no need to try another)
   */
  private boolean session(String mxHost, InetSocketAddress address, List<Job> jobs, Map<Long, Outcome> outcomes)
      throws IOException {
    try (SmtpClient client = SmtpClient.connect(address, config.localAddress(), mxHost, null, config.connectTimeout(),
        config.transcript())) {
      client.replyTimeout(config.commandTimeout());
      // writes have no socket timeout: a server that stops reading would hold this thread (and the
      // queue pass) for ever, so the whole session has a deadline after which the socket is closed
      Runnable abort = client::close;
      Thread watchdog = Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(sessionLimit(jobs));
          abort.run();
        } catch (InterruptedException done) {
          // the session ended in time
        }
      });
      try {
        return converse(client, mxHost, jobs, outcomes);
      } finally {
        watchdog.interrupt();
      }
    }
  }

  /** Generous: every command may take the full command timeout, and each message its DATA timeout. */
  private Duration sessionLimit(List<Job> jobs) {
    int commands = 4;
    for (Job j : jobs) commands += 3 + j.recipients().size();
    return config.commandTimeout().multipliedBy(commands).plus(SmtpClient.DATA_END_TIMEOUT.multipliedBy(jobs.size()));
  }

  private boolean converse(SmtpClient client, String mxHost, List<Job> jobs, Map<Long, Outcome> outcomes)
      throws IOException {
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
    for (Job job : jobs) {
      if (job.recipients().stream().allMatch(r -> outcomes.containsKey(r.id()))) continue;
      transaction(client, mxHost, job, outcomes);
    }
    client.quit();
    return true;
  }

  private void transaction(SmtpClient client, String mx, Job all, Map<Long, Outcome> outcomes) throws IOException {
    Job job = new Job(all.entry(), all.recipients().stream().filter(r -> !outcomes.containsKey(r.id())).toList());
    byte[] content = store.queuedContent(job.entry().id()).orElse(null);
    if (content == null) {
      for (var r : job.recipients()) outcomes.put(r.id(), Outcome.permanent("5.3.0", "Message vanished from the queue"));
      return;
    }
    boolean dsn = client.supports("DSN");
    StringBuilder params = new StringBuilder();
    if (client.supports("SIZE")) params.append("SIZE=").append(content.length);
    if (client.supports("8BITMIME") && has8bit(content)) params.append(params.isEmpty() ? "" : " ").append("BODY=8BITMIME");
    boolean utf8 = !isAscii(job.entry().sender()) || job.recipients().stream().anyMatch(r -> !isAscii(r.address()));
    if (utf8) {
      if (!client.supports("SMTPUTF8")) {
        for (var r : job.recipients()) {
          outcomes.put(r.id(), Outcome.permanent("5.6.7", "553 5.6.7 " + mx + " does not support SMTPUTF8"));
        }
        return;
      }
      params.append(params.isEmpty() ? "" : " ").append("SMTPUTF8");
    }
    if (dsn && job.entry().ret() != null) params.append(params.isEmpty() ? "" : " ").append("RET=").append(job.entry().ret());
    if (dsn && job.entry().envelopeId() != null) {
      params.append(params.isEmpty() ? "" : " ").append("ENVID=").append(job.entry().envelopeId());
    }
    SmtpReply mail = client.mail(job.entry().sender(), params.toString());
    if (mail.code() != 250) {
      for (var r : job.recipients()) outcomes.put(r.id(), Outcome.of(mail, mx));
      client.rset();
      return;
    }
    List<QueueEntry.QueueRecipient> accepted = new ArrayList<>();
    for (var r : job.recipients()) {
      String rp = "";
      if (dsn && r.notifyOn() != null) rp = "NOTIFY=" + r.notifyOn();
      if (dsn && r.orcpt() != null) rp += (rp.isEmpty() ? "" : " ") + "ORCPT=" + r.orcpt();
      SmtpReply reply = client.rcpt(r.address(), rp);
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

  /**
   * Writes the outcomes: delivered, retry later, or failed with one bounce per queue entry; and
   * the delay and relayed reports the sender asked for with NOTIFY.
   */
  private void record(List<Job> jobs, Map<Long, Outcome> outcomes, Outcome fallback) {
    Instant now = Instant.now();
    for (Job job : jobs) {
      List<Bounce.Failure> failures = new ArrayList<>();
      List<Bounce.Failure> delays = new ArrayList<>();
      List<Bounce.Failure> relayed = new ArrayList<>();
      Map<Long, String> errors = new HashMap<>();
      for (QueueEntry.QueueRecipient r : job.recipients()) {
        Outcome o = outcomes.getOrDefault(r.id(), fallback);
        if (o.delivered()) {
          store.recordAttempt(r.id(), QueueEntry.State.DELIVERED, now, o.text());
          LOG.log(Level.INFO, () -> "delivered Q" + job.entry().id() + " to " + r.address() + ": " + o.text());
          if (!o.remoteDsn() && Bounce.wanted(job.entry(), r, DeliveryStatusReport.Action.RELAYED)) {
            relayed.add(new Bounce.Failure(r, "2.0.0", o.text(), o.remoteMta()));
          }
        } else if (!o.permanent() && job.entry().created().plus(config.giveUpAfter()).isAfter(now)) {
          store.recordAttempt(r.id(), QueueEntry.State.PENDING, now.plus(config.backoff(r.attempts())), o.text());
          LOG.log(Level.INFO, () -> "deferred Q" + job.entry().id() + " to " + r.address() + ": " + o.text());
          // one delay report, after the first failed attempt
          if (r.attempts() == 0 && Bounce.wanted(job.entry(), r, DeliveryStatusReport.Action.DELAYED)) {
            delays.add(new Bounce.Failure(r, o.status(), o.text(), o.remoteMta()));
          }
        } else {
          String status = o.permanent() ? o.status() : "5" + o.status().substring(1);
          String text = o.permanent() ? o.text() : o.text() + " (gave up after " + config.giveUpAfter() + ")";
          failures.add(new Bounce.Failure(r, status, text, o.remoteMta()));
          errors.put(r.id(), text);
          LOG.log(Level.INFO, () -> "failed Q" + job.entry().id() + " to " + r.address() + ": " + text);
        }
      }
      if (!delays.isEmpty() || !relayed.isEmpty()) {
        byte[] original = store.queuedContent(job.entry().id()).orElse(new byte[0]);
        if (!delays.isEmpty()) {
          store.deliver(Bounce.report(config.hostname(), job.entry(), original, delays,
              DeliveryStatusReport.Action.DELAYED, true));
        }
        if (!relayed.isEmpty()) {
          store.deliver(Bounce.report(config.hostname(), job.entry(), original, relayed,
              DeliveryStatusReport.Action.RELAYED, true));
        }
      }
      if (failures.isEmpty()) continue;
      List<Bounce.Failure> reported = failures.stream().filter(f -> Bounce.wanted(job.entry(), f)).toList();
      Delivery bounce = null;
      if (!reported.isEmpty()) {
        byte[] original = store.queuedContent(job.entry().id()).orElse(new byte[0]);
        bounce = Bounce.build(config.hostname(), job.entry(), original, reported);
      }
      store.fail(errors.keySet(), errors, bounce);
    }
  }

  @Override
  public void close() {
    closed = true;
    wake();
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
