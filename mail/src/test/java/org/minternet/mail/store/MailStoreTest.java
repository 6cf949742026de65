package org.minternet.mail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.store.Store;
import org.minternet.mail.message.DsnNotify;
import org.minternet.mail.testing.MailFixture;

class MailStoreTest {
  private final Store db = Store.inMemory();
  private final MailStore store = MailFixture.populate(MailStore.open(db, new PasswordHasher(1000)));

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void newUserHasTheSpecialFolders() {
    MailUser alice = store.accounts().user("Alice@CREPES.fr").orElseThrow();
    assertThat(alice.address()).isEqualTo("alice@crepes.fr");
    assertThat(store.mailboxes().list(alice.id())).extracting(Mailbox::name, Mailbox::specialUse)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("INBOX", null),
            org.assertj.core.groups.Tuple.tuple("Sent", "\\Sent"),
            org.assertj.core.groups.Tuple.tuple("Drafts", "\\Drafts"),
            org.assertj.core.groups.Tuple.tuple("Trash", "\\Trash"),
            org.assertj.core.groups.Tuple.tuple("Junk", "\\Junk"));
    Mailbox inbox = store.mailboxes().get(alice.id(), "inbox").orElseThrow();
    assertThat(inbox.uidNext()).isEqualTo(1);
    assertThat(inbox.uidValidity()).isPositive();
  }

  @Test
  void passwordsAreHashedAndChecked() {
    assertThat(store.accounts().authenticate(MailFixture.ALICE, MailFixture.ALICE_PASSWORD)).isPresent();
    assertThat(store.accounts().authenticate(MailFixture.ALICE, "wrong")).isEmpty();
    assertThat(store.accounts().authenticate("nobody@crepes.fr", "x")).isEmpty();
    assertThat(store.accounts().authenticate("not-an-address", "x")).isEmpty();
    String stored = db.read(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT password_hash FROM mail_user")) {
        rs.next();
        return rs.getString(1);
      }
    });
    assertThat(stored).startsWith("pbkdf2-sha256$1000$").doesNotContain("secret");
    assertThat(store.accounts().setPassword(MailFixture.ALICE, "new")).isTrue();
    assertThat(store.accounts().authenticate(MailFixture.ALICE, "new")).isPresent();
  }

  @Test
  void cachedLoginsStillCheckThePasswordAndFollowPasswordChanges() {
    assertThat(store.accounts().authenticate(MailFixture.BOB, MailFixture.BOB_PASSWORD)).isPresent();
    assertThat(store.accounts().authenticate(MailFixture.BOB, MailFixture.BOB_PASSWORD)).isPresent(); // from the cache
    assertThat(store.accounts().authenticate(MailFixture.BOB, "wrong")).isEmpty();
    assertThat(store.accounts().setPassword(MailFixture.BOB, "changed")).isTrue();
    assertThat(store.accounts().authenticate(MailFixture.BOB, MailFixture.BOB_PASSWORD)).isEmpty();
    assertThat(store.accounts().authenticate(MailFixture.BOB, "changed")).isPresent();
    assertThat(store.accounts().removeUser(MailFixture.BOB)).isTrue();
    assertThat(store.accounts().authenticate(MailFixture.BOB, "changed")).isEmpty();
  }

  @Test
  void hasherRejectsMalformedStoredValues() {
    assertThat(PasswordHasher.verify("x", "plain")).isFalse();
    assertThat(PasswordHasher.verify("x", "pbkdf2-sha256$0$AA$AA")).isFalse();
    assertThat(PasswordHasher.verify("x", "pbkdf2-sha256$99999999999$AA$AA")).isFalse();
    assertThat(PasswordHasher.verify("x", "pbkdf2-sha256$10$!!$AA")).isFalse();
    String h = new PasswordHasher(10).hash("pässword");
    assertThat(PasswordHasher.verify("pässword", h)).isTrue();
    assertThat(PasswordHasher.verify("password", h)).isFalse();
  }

  @Test
  void routesLocalUnknownAndRemote() {
    store.accounts().addAlias("postmaster@crepes.fr", MailFixture.ALICE);
    assertThat(store.accounts().route("alice@crepes.fr")).isEqualTo(Accounts.Route.LOCAL);
    assertThat(store.accounts().route("POSTMASTER@crepes.fr")).isEqualTo(Accounts.Route.LOCAL);
    assertThat(store.accounts().route("carol@crepes.fr")).isEqualTo(Accounts.Route.UNKNOWN_LOCAL);
    assertThat(store.accounts().route("carol@example.org")).isEqualTo(Accounts.Route.REMOTE);
  }

  @Test
  void deliveryAssignsConsecutiveUidsAndQueuesRemoteRecipients() {
    store.accounts().addAlias("team@crepes.fr", MailFixture.ALICE);
    store.accounts().addAlias("team@crepes.fr", "carol@example.org");
    long q = store.deliver(new Delivery("x@example.net", List.of(Recipient.of("alice@crepes.fr"),
        Recipient.of("team@crepes.fr"), new Recipient("dave@example.org", DsnNotify.parse("FAILURE"), "rfc822;dave@example.org")),
        bytes("Subject: a\r\n\r\nhi\r\n"), "env1", "HDRS"));
    long q2 = store.deliver(new Delivery("", List.of(Recipient.of(MailFixture.ALICE)), bytes("second"), null, null));
    assertThat(q).isPositive();
    assertThat(q2).isZero();
    MailUser alice = store.accounts().user(MailFixture.ALICE).orElseThrow();
    Mailbox inbox = store.mailboxes().get(alice.id(), "INBOX").orElseThrow();
    List<MessageInfo> msgs = store.messages().list(inbox.id());
    // alias and direct address reach alice once per delivery
    assertThat(msgs).extracting(MessageInfo::uid).containsExactly(1L, 2L);
    assertThat(msgs.get(0).flags()).containsExactly("\\Recent");
    assertThat(msgs.get(1).modseq()).isGreaterThan(msgs.get(0).modseq());
    assertThat(store.messages().content(inbox.id(), 1).orElseThrow()).isEqualTo(bytes("Subject: a\r\n\r\nhi\r\n"));
    assertThat(store.mailboxes().get(alice.id(), "INBOX").orElseThrow().uidNext()).isEqualTo(3);
    List<QueueEntry> queue = store.queue().list();
    assertThat(queue).hasSize(1);
    assertThat(queue.get(0).sender()).isEqualTo("x@example.net");
    assertThat(queue.get(0).envelopeId()).isEqualTo("env1");
    assertThat(queue.get(0).recipients()).extracting(QueueEntry.QueueRecipient::address)
        .containsExactly("carol@example.org", "dave@example.org");
    assertThat(queue.get(0).recipients().get(1).dsnNotify()).isEqualTo(DsnNotify.parse("FAILURE"));
    assertThat(store.queue().due(Instant.now().plusSeconds(1), 10)).hasSize(1);
  }

  @Test
  void flagsExpungeAndModseq() {
    MailUser bob = store.accounts().user(MailFixture.BOB).orElseThrow();
    Mailbox inbox = store.mailboxes().get(bob.id(), "INBOX").orElseThrow();
    long uid = store.messages().append(inbox.id(), bytes("m"), Set.of(), Instant.ofEpochSecond(1_000_000)).uid();
    long ms = store.messages().updateFlags(inbox.id(), List.of(uid), f -> Set.of("\\Seen", "$Label"), -1).modseq();
    MessageInfo info = store.messages().list(inbox.id()).get(0);
    assertThat(info.flags()).containsExactlyInAnyOrder("\\Seen", "$Label");
    assertThat(info.modseq()).isEqualTo(ms);
    assertThat(info.internalDate()).isEqualTo(Instant.ofEpochSecond(1_000_000));
    assertThat(store.messages().expunge(inbox.id(), List.of(uid, 99L)).removed()).containsExactly(uid);
    assertThat(store.messages().list(inbox.id())).isEmpty();
    // UIDs are never reused (RFC 9051 §2.3.1.1)
    assertThat(store.messages().append(inbox.id(), bytes("n"), Set.of(), Instant.now()).uid()).isEqualTo(uid + 1);
  }

  @Test
  void queueAttemptsAndRemoval() {
    long q = store.queue().enqueue(new Delivery("alice@crepes.fr", List.of(Recipient.of("x@example.org")), bytes("m"),
        null, null));
    QueueEntry.QueueRecipient r = store.queue().list().get(0).recipients().get(0);
    Instant later = Instant.now().plusSeconds(600);
    store.recordAttempt(new QueueAttempt(List.of(new QueueAttempt.RecipientResult(r.id(), QueueEntry.State.PENDING,
        later, "421 try later")), List.of()));
    assertThat(store.queue().due(Instant.now(), 10)).isEmpty();
    assertThat(store.queue().nextDue()).contains(Instant.ofEpochMilli(later.toEpochMilli()));
    assertThat(store.queue().retryNow(q)).isEqualTo(1);
    assertThat(store.queue().due(Instant.now().plusMillis(1), 10)).hasSize(1);
    assertThat(store.queue().list().get(0).recipients().get(0).attempts()).isEqualTo(1);
    assertThat(store.queue().remove(q)).isTrue();
    assertThat(store.queue().list()).isEmpty();
  }

  @Test
  void recreatingAUserWithinTheSameSecondGivesItsInboxALargerUidValidity() {
    long before = 0;
    for (int round = 0; round < 3; round++) {
      store.accounts().addUser("dave@crepes.fr", "d");
      long validity = store.mailboxes().get(store.accounts().user("dave@crepes.fr").orElseThrow().id(), "INBOX").orElseThrow()
          .uidValidity();
      assertThat(validity).isGreaterThan(before);
      before = validity;
      assertThat(store.accounts().removeUser("dave@crepes.fr")).isTrue();
    }
  }

  @Test
  void aMailboxRecreatedUnderItsNameGetsALargerUidValidity() {
    long alice = store.accounts().user(MailFixture.ALICE).orElseThrow().id();
    Mailbox first = store.mailboxes().create(alice, "Projects", null);
    assertThat(store.mailboxes().rename(alice, first, "Old")).isTrue();
    Mailbox second = store.mailboxes().create(alice, "Projects", null);
    assertThat(second.uidValidity()).isGreaterThan(first.uidValidity());
  }

  @Test
  void subscriptionsAreNamesThatOutliveDeleteAndFollowRename() {
    long alice = store.accounts().user(MailFixture.ALICE).orElseThrow().id();
    assertThat(store.mailboxes().subscriptions(alice)).containsExactly("Drafts", "INBOX", "Junk", "Sent", "Trash");
    Mailbox projects = store.mailboxes().create(alice, "Projects", null);
    store.mailboxes().create(alice, "Projects/Old", null);
    assertThat(store.mailboxes().get(alice, "Projects").orElseThrow().subscribed()).isFalse();
    assertThat(store.mailboxes().subscribe(alice, "Projects/Old", true)).isTrue();
    assertThat(store.mailboxes().rename(alice, projects, "Work")).isTrue();
    assertThat(store.mailboxes().subscriptions(alice)).contains("Work/Old").doesNotContain("Projects/Old");
    assertThat(store.mailboxes().get(alice, "Work/Old").orElseThrow().subscribed()).isTrue();
    store.mailboxes().delete(store.mailboxes().get(alice, "Work/Old").orElseThrow().id());
    assertThat(store.mailboxes().subscriptions(alice)).contains("Work/Old");
    assertThat(store.mailboxes().subscribe(alice, "Work/Old", false)).isTrue();
    assertThat(store.mailboxes().subscribe(alice, "Work/Old", false)).isFalse();
  }

  @Test
  void notifyRoundTripsThroughTheQueueIncludingTheFormStoredBefore() {
    Store db = Store.inMemory();
    MailStore m = MailStore.open(db, new PasswordHasher(1000));
    m.queue().enqueue(new Delivery("alice@crepes.fr", List.of(new Recipient("x@example.org", DsnNotify.parse("delay,success"),
        null), new Recipient("y@example.org", DsnNotify.NEVER, null), Recipient.of("z@example.org")), bytes("m"),
        null, null));
    // a row written before NOTIFY was parsed: the value as received, upper-cased
    db.inTransaction(c -> {
      try (var s = c.createStatement()) {
        s.executeUpdate("UPDATE mail_queue_rcpt SET notify = 'DELAY,FAILURE' WHERE recipient = 'z@example.org'");
      }
      return null;
    });
    List<QueueEntry.QueueRecipient> rs = m.queue().list().get(0).recipients();
    assertThat(rs).extracting(QueueEntry.QueueRecipient::dsnNotify).containsExactly(DsnNotify.parse("SUCCESS,DELAY"),
        DsnNotify.NEVER, DsnNotify.parse("FAILURE,DELAY"));
    String stored = db.read(c -> {
      try (var s = c.createStatement();
          var r = s.executeQuery("SELECT notify FROM mail_queue_rcpt WHERE recipient = 'x@example.org'")) {
        r.next();
        return r.getString(1);
      }
    });
    assertThat(stored).isEqualTo("SUCCESS,DELAY");
    db.close();
  }

  @Test
  void aDatabaseWithTheImapServersOwnModseqIndexesUpgrades() {
    // the indexes were the IMAP server's migration ("mail-imap" 1) before the store owned them
    Store old = Store.inMemory();
    old.migrate(MailSchema.MODULE, MailSchema.migrations().subList(0, 4));
    old.inTransaction(c -> {
      try (var s = c.createStatement()) {
        s.execute("CREATE INDEX imap_message_modseq ON mail_message (mailbox_id, modseq)");
        s.execute("CREATE INDEX imap_expunged_modseq ON mail_expunged (mailbox_id, modseq)");
      }
      return null;
    });
    MailStore upgraded = MailFixture.populate(MailStore.open(old, new PasswordHasher(1000)));
    assertThat(old.currentVersion(MailSchema.MODULE)).isEqualTo(MailSchema.migrations().size());
    assertThat(upgraded.accounts().user(MailFixture.BOB)).isPresent();
    upgraded.close();
  }

  @Test
  void duplicatesAreRefused() {
    assertThatThrownBy(() -> store.accounts().addUser(MailFixture.ALICE, "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.accounts().addUser("x@nowhere.test", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.accounts().addDomain("crepes.fr")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void survivesReopeningAFileStore(@TempDir Path dir) {
    Path db = dir.resolve("mail.db");
    try (Store s = Store.sqlite(db)) {
      MailStore m = MailFixture.populate(MailStore.open(s, new PasswordHasher(1000)));
      m.deliver(new Delivery("", List.of(Recipient.of(MailFixture.BOB)), bytes("kept"), null, null));
    }
    try (Store s = Store.sqlite(db)) {
      MailStore m = MailStore.open(s, new PasswordHasher(1000));
      MailUser bob = m.accounts().user(MailFixture.BOB).orElseThrow();
      Mailbox inbox = m.mailboxes().get(bob.id(), "INBOX").orElseThrow();
      assertThat(m.messages().content(inbox.id(), 1)).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes("kept")));
    }
  }

  @Test
  void apopDigestMatchesRfc1939Example() {
    // RFC 1939 §7: timestamp <1896.697170952@dbc.mtview.ca.us>, secret "tanstaaf"
    assertThat(ApopDigest.of("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf"))
        .isEqualTo("c4c9334bac560ecc979e58001b3e22fb");
    assertThat(ApopDigest.matches("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf", "C4C9334BAC560ECC979E58001B3E22FB"))
        .isTrue();
    assertThat(ApopDigest.matches("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf", "c4c9334bac560ecc979e58001b3e22f"))
        .isFalse();
    assertThat(ApopDigest.matches("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf", "zzc9334bac560ecc979e58001b3e22fb"))
        .isFalse();
  }

  @Test
  void apopSecretIsOptionalSeparateAndRemovable() {
    String ts = "<1.2@mail.hamburger.edu>";
    assertThat(store.accounts().hasApopSecret(MailFixture.BOB)).isFalse();
    // no secret: even the digest of the login password fails
    assertThat(store.accounts().authenticateApop(MailFixture.BOB, ts, ApopDigest.of(ts, MailFixture.BOB_PASSWORD))).isEmpty();
    assertThat(store.accounts().setApopSecret(MailFixture.BOB, "pop-only")).isTrue();
    assertThat(store.accounts().hasApopSecret("BOB@hamburger.edu")).isTrue();
    assertThat(store.accounts().authenticateApop("Bob@Hamburger.edu", ts, ApopDigest.of(ts, "pop-only")))
        .hasValueSatisfying(u -> assertThat(u.address()).isEqualTo(MailFixture.BOB));
    assertThat(store.accounts().authenticateApop(MailFixture.BOB, ts, ApopDigest.of(ts, "pop-onlY"))).isEmpty();
    assertThat(store.accounts().authenticateApop(MailFixture.BOB, "<1.3@mail.hamburger.edu>", ApopDigest.of(ts, "pop-only"))).isEmpty();
    assertThat(store.accounts().authenticateApop(MailFixture.BOB, ts, "not hex")).isEmpty();
    assertThat(store.accounts().authenticateApop("nobody@hamburger.edu", ts, ApopDigest.of(ts, "pop-only"))).isEmpty();
    assertThat(store.accounts().authenticateApop("no-address", ts, ApopDigest.of(ts, "pop-only"))).isEmpty();
    // the APOP secret is not a login password, and the login password is unchanged
    assertThat(store.accounts().authenticate(MailFixture.BOB, "pop-only")).isEmpty();
    assertThat(store.accounts().authenticate(MailFixture.BOB, MailFixture.BOB_PASSWORD)).isPresent();
    // empty and null remove it
    assertThat(store.accounts().setApopSecret(MailFixture.BOB, "")).isTrue();
    assertThat(store.accounts().hasApopSecret(MailFixture.BOB)).isFalse();
    assertThat(store.accounts().authenticateApop(MailFixture.BOB, ts, ApopDigest.of(ts, "pop-only"))).isEmpty();
    assertThat(store.accounts().setApopSecret(MailFixture.BOB, "again")).isTrue();
    assertThat(store.accounts().setApopSecret(MailFixture.BOB, null)).isTrue();
    assertThat(store.accounts().hasApopSecret(MailFixture.BOB)).isFalse();
    assertThat(store.accounts().setApopSecret("nobody@hamburger.edu", "x")).isFalse();
    assertThat(store.accounts().setApopSecret("nobody@hamburger.edu", null)).isFalse();
  }

  @Test
  void apopSecretMustDifferFromTheLoginPassword() {
    assertThatThrownBy(() -> store.accounts().setApopSecret(MailFixture.BOB, MailFixture.BOB_PASSWORD))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ from the login password");
    assertThat(store.accounts().hasApopSecret(MailFixture.BOB)).isFalse();
    store.accounts().setApopSecret(MailFixture.BOB, "pop-only");
    assertThatThrownBy(() -> store.accounts().setPassword(MailFixture.BOB, "pop-only"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ from the APOP secret");
    assertThat(store.accounts().authenticate(MailFixture.BOB, MailFixture.BOB_PASSWORD)).isPresent();
    assertThatThrownBy(() -> store.accounts().setApopSecret(MailFixture.BOB, "a\r\nb")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.accounts().setApopSecret(MailFixture.BOB, "x".repeat(Accounts.MAX_APOP_SECRET + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.accounts().setApopSecret(MailFixture.BOB, "x".repeat(Accounts.MAX_APOP_SECRET))).isTrue();
  }

  @Test
  void removingAUserRemovesTheirApopSecret() {
    store.accounts().setApopSecret(MailFixture.BOB, "pop-only");
    assertThat(store.accounts().removeUser(MailFixture.BOB)).isTrue();
    store.accounts().addUser(MailFixture.BOB, "fresh");
    assertThat(store.accounts().hasApopSecret(MailFixture.BOB)).isFalse();
    String ts = "<1.2@h>";
    assertThat(store.accounts().authenticateApop(MailFixture.BOB, ts, ApopDigest.of(ts, "pop-only"))).isEmpty();
  }

  @Test
  void storeOfSchemaVersionOneGainsTheApopColumn(@TempDir Path dir) {
    Path db = dir.resolve("mail.db");
    try (Store s = Store.sqlite(db)) {
      s.migrate(MailSchema.MODULE, MailSchema.migrations().subList(0, 1));
      s.inTransaction(c -> {
        try (var st = c.createStatement()) {
          st.execute("INSERT INTO mail_domain (name) VALUES ('hamburger.edu')");
          st.execute("INSERT INTO mail_user (domain_id, local_part, password_hash, created_at)"
              + " VALUES (1, 'bob', 'x', 0)");
        }
        return null;
      });
    }
    try (Store s = Store.sqlite(db)) {
      MailStore m = MailStore.open(s, new PasswordHasher(1000));
      assertThat(m.accounts().hasApopSecret(MailFixture.BOB)).isFalse();
      assertThat(m.accounts().setApopSecret(MailFixture.BOB, "pop-only")).isTrue();
      String ts = "<1.2@h>";
      assertThat(m.accounts().authenticateApop(MailFixture.BOB, ts, ApopDigest.of(ts, "pop-only"))).isPresent();
    }
  }
}
