package org.minternet.mail.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.naming.MailExchanger;
import org.minternet.core.store.Store;
import org.minternet.core.store.StoreException;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.PasswordHasher;
import org.minternet.mail.store.QueueAttempt;
import org.minternet.mail.store.QueueEntry;
import org.minternet.mail.store.Recipient;
import org.minternet.mail.testing.FakeResolver;

/**
 * The queue after its node dies mid-session: a crash between two messages of one connection
 * (the store cut away from the runner, as kill -9 does) must not send again what the receiver
 * already acknowledged, and the restarted node must not wait for its dead claims' lease.
 */
class QueueCrashTest {
  @TempDir
  Path dir;

  private final FakeResolver resolver = new FakeResolver()
      .mx("hamburger.edu", new MailExchanger(10, "mail.hamburger.edu")).host("mail.hamburger.edu", "127.0.0.1");

  private QueueConfig config(int port) {
    // a lease far longer than the test: only releasing the dead run's claims lets the restart deliver
    return QueueConfig.of("mail.crepes.fr", resolver).withRemotePort(port)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  private static Delivery message(String subject) {
    byte[] content = ("From: alice@crepes.fr\r\nTo: bob@hamburger.edu\r\nSubject: " + subject + "\r\n\r\nbody\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    return new Delivery("alice@crepes.fr", List.of(Recipient.of("bob@hamburger.edu")), content, null, null);
  }

  @Test
  void aCrashBetweenTwoMessagesOfOneConnectionResendsNoAcknowledgedMessage() throws Exception {
    Path db = dir.resolve("crepes.db");
    try (ReceivingSmtpServer receiver = new ReceivingSmtpServer()) {
      Store first = Store.sqlite(db);
      MailStore crepes = MailStore.open(first, new PasswordHasher(1000));
      crepes.accounts().addDomain("crepes.fr");
      for (String s : List.of("one", "two", "three")) crepes.deliver(message(s));
      // the node dies when the second message is about to go on the connection
      receiver.cutAt(n -> n == 2, first::close);
      QueueRunner dying = new QueueRunner(crepes, config(receiver.port()));
      assertThatThrownBy(dying::runOnce).isInstanceOf(StoreException.class);
      assertThat(receiver.subjects()).containsExactly("one");

      receiver.cutAt(n -> false, () -> {});
      try (Store again = Store.sqlite(db)) {
        MailStore restarted = MailStore.open(again, new PasswordHasher(1000));
        try (QueueRunner runner = new QueueRunner(restarted, config(receiver.port())).start()) {
          long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
          while (!restarted.queue().list().isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        }
        assertThat(restarted.queue().list()).isEmpty();
      }
      assertThat(receiver.subjects()).containsExactlyInAnyOrder("one", "two", "three");
    }
  }

  @Test
  void aRestartedNodeReleasesOnlyItsOwnClaims() {
    MailStore store = MailStore.open(Store.inMemory(), new PasswordHasher(1000));
    store.deliver(message("a"));
    store.deliver(message("b"));
    var now = java.time.Instant.now().plusMillis(5);
    assertThat(store.queue().claimDue("node-1", now, Duration.ofHours(1), 1)).hasSize(1);
    assertThat(store.queue().claimDue("node-2", now, Duration.ofHours(1), 1)).hasSize(1);
    assertThat(store.queue().claimDue("node-1", now, Duration.ofHours(1), 10)).isEmpty();
    assertThat(store.queue().releaseClaims("node-1")).isEqualTo(1);
    List<?> reclaimed = store.queue().claimDue("node-3", java.time.Instant.now().plusMillis(5), Duration.ofHours(1), 10);
    assertThat(reclaimed).hasSize(1);
    store.close();
  }

  @Test
  void aNodeRenewsOnlyTheClaimsOfItsAttemptThatHaveNoOutcomeYet() {
    MailStore store = MailStore.open(Store.inMemory(), new PasswordHasher(1000));
    store.deliver(message("a"));
    store.deliver(message("b"));
    var now = java.time.Instant.now().plusMillis(5);
    List<QueueEntry> mine = store.queue().claimDue("node-1", now, Duration.ofMinutes(1), 1);
    List<QueueEntry> theirs = store.queue().claimDue("node-2", now, Duration.ofMinutes(1), 1);
    long a = mine.get(0).recipients().get(0).id();
    long b = theirs.get(0).recipients().get(0).id();
    var later = now.plus(Duration.ofMinutes(10));
    assertThat(store.queue().renewClaims("node-1", List.of(a, b), later)).isEqualTo(1);
    assertThat(nextAttempt(store, a)).isEqualTo(later.toEpochMilli());
    assertThat(nextAttempt(store, b)).isLessThan(later.toEpochMilli());
    // an outcome ends the claim: nothing left to renew
    store.recordAttempt(new QueueAttempt(List.of(new QueueAttempt.RecipientResult(a, QueueEntry.State.DELIVERED,
        now, "250 ok")), List.of()));
    assertThat(store.queue().renewClaims("node-1", List.of(a), later.plusSeconds(60))).isZero();
    store.close();
  }

  private static long nextAttempt(MailStore store, long recipientId) {
    return store.queue().list().stream().flatMap(e -> e.recipients().stream()).filter(r -> r.id() == recipientId)
        .findFirst().orElseThrow().nextAttempt().toEpochMilli();
  }
}
