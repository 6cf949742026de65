package org.minternet.mail.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.naming.MailExchanger;
import org.minternet.core.store.Store;
import org.minternet.core.tap.Transcript;
import org.minternet.core.tls.TlsContexts;
import org.minternet.mail.message.DsnNotify;
import org.minternet.mail.message.MimePart;
import org.minternet.mail.smtp.SmtpConfig;
import org.minternet.mail.smtp.SmtpServer;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.Mailbox;
import org.minternet.mail.store.PasswordHasher;
import org.minternet.mail.store.QueueEntry;
import org.minternet.mail.store.Recipient;
import org.minternet.mail.testing.FakeResolver;

/**
 * The queue of crepes.fr delivering to a live hamburger.edu server (its own store), found through
 * MX records of a fake resolver.
 */
class QueueDeliveryTest {
  @TempDir
  Path dir;
  private MailStore crepes;
  private MailStore hamburger;
  private SmtpServer hamburgerServer;
  private final Transcript hamburgerTap = new Transcript(1000);
  private FakeResolver resolver;

  @BeforeEach
  void setUp() throws Exception {
    crepes = MailStore.open(Store.inMemory(), new PasswordHasher(1000));
    crepes.accounts().addDomain("crepes.fr");
    crepes.accounts().addUser("alice@crepes.fr", "a");
    hamburger = MailStore.open(Store.inMemory(), new PasswordHasher(1000));
    hamburger.accounts().addDomain("hamburger.edu");
    hamburger.accounts().addUser("bob@hamburger.edu", "b");
    hamburger.accounts().addUser("carol@hamburger.edu", "c");
    var tls = TlsContexts.selfSigned(dir, List.of("mail.hamburger.edu"));
    hamburgerServer = SmtpServer.builder(SmtpConfig.of("mail.hamburger.edu", hamburger, tls))
        .port(SmtpService.MTA, 0).transcript(hamburgerTap).build();
    hamburgerServer.start();
    resolver = new FakeResolver()
        .mx("hamburger.edu", new MailExchanger(10, "mail.hamburger.edu"))
        .host("mail.hamburger.edu", "127.0.0.1")
        .mx("nullmx.test", new MailExchanger(0, ""))
        .host("down.test", "127.0.0.1");
    resolver.mx("nullmx.test"); // RFC 7505: the resolver reports a null MX as no exchangers
  }

  @AfterEach
  void tearDown() {
    hamburgerServer.close();
    crepes.close();
    hamburger.close();
  }

  private QueueRunner runner(int port, Duration giveUp) {
    return new QueueRunner(crepes, QueueConfig.of("mail.crepes.fr", resolver).withRemotePort(port)
        .withRetries(Duration.ofMinutes(1), Duration.ofHours(1), giveUp)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)));
  }

  private static byte[] msg(String subject) {
    return ("From: alice@crepes.fr\r\nTo: bob@hamburger.edu\r\nSubject: " + subject + "\r\n\r\n.leading dot\r\nbody\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private List<byte[]> inbox(MailStore store, String user) {
    long uid = store.accounts().user(user).orElseThrow().id();
    Mailbox inbox = store.mailboxes().get(uid, "INBOX").orElseThrow();
    return store.messages().list(inbox.id()).stream().map(m -> store.messages().content(inbox.id(), m.uid()).orElseThrow()).toList();
  }

  @Test
  void deliversSeveralRecipientsAndMessagesOverOneTlsConnection() {
    crepes.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of("bob@hamburger.edu"),
        Recipient.of("carol@hamburger.edu")), msg("one"), null, null));
    crepes.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of("bob@hamburger.edu")), msg("two"), null, null));
    int attempted = runner(hamburgerServer.port(SmtpService.MTA), Duration.ofDays(1)).runOnce();
    assertThat(attempted).isEqualTo(3);
    List<byte[]> bob = inbox(hamburger, "bob@hamburger.edu");
    assertThat(bob).hasSize(2);
    String first = new String(bob.get(0), StandardCharsets.UTF_8);
    assertThat(first).contains("by mail.hamburger.edu (Minternet) with ESMTPS")
        .endsWith("Subject: one\r\n\r\n.leading dot\r\nbody\r\n");
    assertThat(inbox(hamburger, "carol@hamburger.edu")).hasSize(1);
    assertThat(crepes.queue().list()).isEmpty();
    long connections = hamburgerTap.snapshot().stream().filter(e -> e.text().equals("connected")).count();
    long rcpts = hamburgerTap.snapshot().stream().filter(e -> e.text().startsWith("RCPT TO:")).count();
    assertThat(connections).isEqualTo(1);
    assertThat(rcpts).isEqualTo(3);
  }

  @Test
  void unknownRemoteUserBouncesToTheLocalSender() {
    crepes.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of("nobody@hamburger.edu"),
        Recipient.of("bob@hamburger.edu")), msg("bounce me"), "ENV42", null));
    runner(hamburgerServer.port(SmtpService.MTA), Duration.ofDays(1)).runOnce();
    assertThat(inbox(hamburger, "bob@hamburger.edu")).hasSize(1);
    List<byte[]> alice = inbox(crepes, "alice@crepes.fr");
    assertThat(alice).hasSize(1);
    MimePart dsn = MimePart.parse(alice.get(0));
    assertThat(dsn.contentType().mimeType()).isEqualTo("multipart/report");
    assertThat(dsn.contentType().parameter("report-type")).isEqualTo("delivery-status");
    assertThat(dsn.children()).hasSize(3);
    String status = new String(dsn.children().get(1).rawBody(), StandardCharsets.US_ASCII);
    assertThat(status).contains("Reporting-MTA: dns; mail.crepes.fr", "Original-Envelope-Id: ENV42",
        "Final-Recipient: rfc822; nobody@hamburger.edu", "Action: failed", "Status: 5.1.1",
        "Remote-MTA: dns; mail.hamburger.edu", "Diagnostic-Code: smtp; 550 5.1.1");
    assertThat(status).doesNotContain("bob@hamburger.edu");
    assertThat(new String(dsn.children().get(2).rawBody(), StandardCharsets.UTF_8)).contains("Subject: bounce me");
    assertThat(crepes.queue().list()).isEmpty();
  }

  @Test
  void connectionFailureIsRetriedWithBackoffThenBounces() throws Exception {
    int closedPort;
    try (var s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    crepes.deliver(new Delivery("alice@crepes.fr", List.of(new Recipient("bob@hamburger.edu", DsnNotify.parse("FAILURE,DELAY"),
        null)), msg("later"), null, "HDRS"));
    runner(closedPort, Duration.ofDays(1)).runOnce();
    QueueEntry.QueueRecipient r = crepes.queue().list().get(0).recipients().get(0);
    assertThat(r.state()).isEqualTo(QueueEntry.State.PENDING);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.nextAttempt()).isAfter(java.time.Instant.now().plusSeconds(30));
    assertThat(r.lastError()).contains("Connection to mail.hamburger.edu");
    assertThat(runner(closedPort, Duration.ofDays(1)).runOnce()).isZero(); // not due yet
    // past the give-up time the next attempt fails for good and bounces (headers only: RET=HDRS)
    crepes.queue().retryNow(0);
    runner(closedPort, Duration.ZERO).runOnce();
    assertThat(crepes.queue().list()).isEmpty();
    List<byte[]> reports = inbox(crepes, "alice@crepes.fr");
    assertThat(reports).hasSize(2);
    // NOTIFY=DELAY: one delay report after the first failed attempt, then the failure
    String delay = new String(reports.get(0), StandardCharsets.UTF_8);
    assertThat(delay).contains("Subject: Delayed Mail", "Action: delayed", "Status: 4.4.1", "text/rfc822-headers");
    String dsn = new String(reports.get(1), StandardCharsets.UTF_8);
    assertThat(dsn).contains("Action: failed", "Status: 5.4.1", "text/rfc822-headers", "Subject: later")
        .doesNotContain(".leading dot");
  }

  @Test
  void nullMxAndMissingDomainFailAtOnceAndBouncesNeverBounce() {
    crepes.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of("x@nullmx.test")), msg("n"), null, null));
    crepes.deliver(new Delivery("", List.of(Recipient.of("y@no-such-domain.test")), msg("from null"), null, null));
    crepes.deliver(new Delivery("alice@crepes.fr", List.of(new Recipient("z@no-such-domain.test", DsnNotify.NEVER, null)),
        msg("quiet"), null, null));
    runner(hamburgerServer.port(SmtpService.MTA), Duration.ofDays(1)).runOnce();
    List<byte[]> alice = inbox(crepes, "alice@crepes.fr");
    assertThat(alice).hasSize(1);
    assertThat(new String(alice.get(0), StandardCharsets.UTF_8)).contains("Status: 5.1.10", "x@nullmx.test");
    assertThat(crepes.queue().list()).isEmpty();
  }

  @Test
  void resumesAfterRestartFromTheFileStore() throws Exception {
    Path db = dir.resolve("crepes.db");
    try (Store s = Store.sqlite(db)) {
      MailStore m = MailStore.open(s, new PasswordHasher(1000));
      m.accounts().addDomain("crepes.fr");
      m.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of("bob@hamburger.edu")), msg("persisted"), null,
          null));
    }
    try (Store s = Store.sqlite(db)) {
      MailStore m = MailStore.open(s, new PasswordHasher(1000));
      try (QueueRunner q = new QueueRunner(m, QueueConfig.of("mail.crepes.fr", resolver)
          .withRemotePort(hamburgerServer.port(SmtpService.MTA)))) {
        q.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (inbox(hamburger, "bob@hamburger.edu").isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
      }
      assertThat(inbox(hamburger, "bob@hamburger.edu")).hasSize(1);
      assertThat(m.queue().list()).isEmpty();
    }
  }

  @Test
  void successNotificationIsLeftToTheDsnCapableReceiver() {
    crepes.deliver(new Delivery("alice@crepes.fr", List.of(new Recipient("bob@hamburger.edu", DsnNotify.parse("SUCCESS"),
        "rfc822;bob@hamburger.edu")), msg("tell me"), "E1", null));
    runner(hamburgerServer.port(SmtpService.MTA), Duration.ofDays(1)).runOnce();
    assertThat(inbox(hamburger, "bob@hamburger.edu")).hasSize(1);
    // the receiver advertises DSN, so it (not we) reports: no "relayed" report at crepes.fr
    assertThat(inbox(crepes, "alice@crepes.fr")).isEmpty();
    // hamburger.edu queued a "delivered" report back to alice, from the null sender
    List<QueueEntry> back = hamburger.queue().list();
    assertThat(back).hasSize(1);
    assertThat(back.get(0).sender()).isEmpty();
    assertThat(back.get(0).recipients().get(0).address()).isEqualTo("alice@crepes.fr");
    String report = new String(hamburger.queue().content(back.get(0).id()).orElseThrow(), StandardCharsets.UTF_8);
    assertThat(report).contains("Action: delivered", "Original-Envelope-Id: E1",
        "Original-Recipient: rfc822;bob@hamburger.edu", "Final-Recipient: rfc822; bob@hamburger.edu");
  }

  @Test
  void aServerThatStopsAnsweringIsDeferredNotWaitedForEver() throws Exception {
    try (var silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        try (var s = silent.accept()) {
          s.getOutputStream().write("220 silent ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
          s.getOutputStream().flush();
          s.getInputStream().readAllBytes(); // never answers EHLO
        } catch (java.io.IOException ignored) {
          // closed by the client
        }
      });
      crepes.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of("bob@hamburger.edu")), msg("x"), null,
          null));
      new QueueRunner(crepes, QueueConfig.of("mail.crepes.fr", resolver).withRemotePort(silent.getLocalPort())
          .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300))).runOnce();
    }
    QueueEntry.QueueRecipient r = crepes.queue().list().get(0).recipients().get(0);
    assertThat(r.state()).isEqualTo(QueueEntry.State.PENDING);
    assertThat(r.lastError()).contains("timed out");
  }

  @Test
  void claimedRecipientsAreNotClaimedTwice() {
    crepes.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of("bob@hamburger.edu")), msg("x"), null, null));
    var now = java.time.Instant.now().plusMillis(5);
    assertThat(crepes.queue().claimDue("mail.crepes.fr", now, Duration.ofMinutes(5), 10)).hasSize(1);
    assertThat(crepes.queue().claimDue("mail.crepes.fr", now, Duration.ofMinutes(5), 10)).isEmpty();
    assertThat(Set.copyOf(crepes.queue().list().get(0).recipients()).iterator().next().state())
        .isEqualTo(QueueEntry.State.PENDING);
  }
}
