package org.minternet.mail.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minternet.core.store.Store;
import org.minternet.mail.message.DsnNotify;
import org.minternet.mail.store.ApopDigest;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.Mailbox;
import org.minternet.mail.store.MessageInfo;
import org.minternet.mail.store.PasswordHasher;
import org.minternet.mail.store.Recipient;
import org.minternet.mail.testing.MailFixture;

/**
 * The mail store on PostgreSQL (the same migrations as on SQLite). Runs when
 * {@code MINTERNET_TEST_POSTGRES_URL} (set by .ci/run from scripts/test-postgres.sh) or
 * {@code MINTERNET_PG_URL} names a database whose mail tables it may empty, e.g.
 * {@code jdbc:postgresql://127.0.0.1/mailit?user=mailit&password=mailit}; required under CI.
 */
class PostgresStoreIT {
  private Store store;
  private MailStore mail;

  @BeforeEach
  void open() {
    String url = System.getenv("MINTERNET_TEST_POSTGRES_URL");
    if (url == null) url = System.getenv("MINTERNET_PG_URL");
    if (url == null && org.minternet.testing.ExternalTool.requiredByCi()) {
      throw new IllegalStateException("MINTERNET_TEST_POSTGRES_URL must be set under CI");
    }
    assumeTrue(url != null && url.startsWith("jdbc:postgresql:"), "MINTERNET_TEST_POSTGRES_URL not set");
    store = Store.open(url);
    store.inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS mail_subscription, mail_queue_rcpt, mail_queue, mail_expunged, mail_message, mail_uidvalidity, mail_mailbox,"
            + " mail_alias, mail_user, mail_domain CASCADE");
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (module VARCHAR(64) NOT NULL,"
            + " version INTEGER NOT NULL, description VARCHAR(200), applied_at VARCHAR(40),"
            + " PRIMARY KEY (module, version))");
        s.execute("DELETE FROM schema_version WHERE module = 'mail'");
      }
      return null;
    });
    mail = MailFixture.populate(MailStore.open(store, new PasswordHasher(1000)));
  }

  @AfterEach
  void close() {
    if (store != null) store.close();
  }

  @Test
  void deliveryQueueFlagsAndLogins() {
    assertThat(store.dialect()).isEqualTo(Store.Dialect.POSTGRESQL);
    long q = mail.deliver(new Delivery("x@example.org", List.of(Recipient.of(MailFixture.ALICE),
        new Recipient("carol@example.org", DsnNotify.parse("FAILURE"), "rfc822;carol@example.org")),
        "Subject: pg\r\n\r\n\u00e9\r\n".getBytes(StandardCharsets.UTF_8), "E", "FULL"));
    assertThat(q).isPositive();
    long alice = mail.accounts().user(MailFixture.ALICE).orElseThrow().id();
    Mailbox inbox = mail.mailboxes().get(alice, "INBOX").orElseThrow();
    assertThat(mail.messages().content(inbox.id(), 1)).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8))
        .endsWith("\u00e9\r\n"));
    long modseq = mail.messages().updateFlags(inbox.id(), List.of(1L), f -> Set.of("\\Seen"), -1).modseq();
    assertThat(mail.messages().list(inbox.id()).get(0).modseq()).isEqualTo(modseq);
    assertThat(mail.queue().claimDue("node", Instant.now().plusSeconds(1), Duration.ofMinutes(5), 10)).hasSize(1);
    assertThat(mail.queue().claimDue("node", Instant.now().plusSeconds(1), Duration.ofMinutes(5), 10)).isEmpty();
    assertThat(mail.accounts().authenticate(MailFixture.ALICE, MailFixture.ALICE_PASSWORD)).isPresent();
    assertThat(mail.messages().expunge(inbox.id(), List.of(1L)).removed()).containsExactly(1L);
    assertThat(mail.queue().remove(q)).isTrue();
    assertThat(mail.accounts().removeDomain("crepes.fr")).isTrue();
    assertThat(mail.accounts().user(MailFixture.ALICE)).isEmpty();
  }

  @Test
  void apopSecretIsSetCheckedClearedAndRemovedWithTheUser() {
    String ts = "<1.2@mail.hamburger.edu>";
    assertThat(mail.accounts().setApopSecret(MailFixture.BOB, "pop-only")).isTrue();
    assertThat(mail.accounts().authenticateApop(MailFixture.BOB, ts, ApopDigest.of(ts, "pop-only"))).isPresent();
    assertThat(mail.accounts().authenticateApop(MailFixture.BOB, ts, ApopDigest.of(ts, MailFixture.BOB_PASSWORD))).isEmpty();
    assertThat(mail.accounts().setApopSecret(MailFixture.BOB, "")).isTrue();
    assertThat(mail.accounts().authenticateApop(MailFixture.BOB, ts, ApopDigest.of(ts, "pop-only"))).isEmpty();
    assertThat(mail.accounts().setApopSecret(MailFixture.BOB, "pop-only")).isTrue();
    assertThat(mail.accounts().removeUser(MailFixture.BOB)).isTrue();
    mail.accounts().addUser(MailFixture.BOB, "fresh");
    assertThat(mail.accounts().hasApopSecret(MailFixture.BOB)).isFalse();
  }

  @Test
  void concurrentDeliveriesGetDistinctConsecutiveUids() throws Exception {
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < 25; i++) {
          mail.deliver(new Delivery("", List.of(Recipient.of(MailFixture.BOB)), "m".getBytes(StandardCharsets.US_ASCII),
              null, null));
        }
      }));
    }
    for (Thread t : threads) t.join();
    long bob = mail.accounts().user(MailFixture.BOB).orElseThrow().id();
    Mailbox inbox = mail.mailboxes().get(bob, "INBOX").orElseThrow();
    List<Long> uids = mail.messages().list(inbox.id()).stream().map(MessageInfo::uid).toList();
    assertThat(uids).hasSize(100).doesNotHaveDuplicates();
    assertThat(uids.get(99)).isEqualTo(100);
    assertThat(mail.mailboxes().get(bob, "INBOX").orElseThrow().uidNext()).isEqualTo(101);
  }
}
