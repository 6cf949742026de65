package org.minternet.mail.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.LongConsumer;
import org.minternet.core.store.Store;

/**
 * The mail store on the core JDBC {@link Store}: one schema, one repository per group of tables
 * — {@link #accounts()} (domains, users, aliases), {@link #mailboxes()} and {@link #messages()}
 * (folders with the IMAP counters, and the messages in them as the exact bytes received),
 * {@link #queue()} (the outgoing queue) — and the writes that span them.
 *
 * <p>Every write that a protocol acknowledges is one transaction: {@link #deliver} stores all local
 * copies and the queue entry for remote recipients together, so an acknowledged message is never
 * half delivered; {@link #recordAttempt} writes a delivery attempt's outcomes with the reports
 * they cause.
 */
public final class MailStore implements AutoCloseable {
  private final Store store;
  private final MailboxChanges changes = new MailboxChanges();
  private final Mailboxes mailboxes;
  private final Messages messages;
  private final Accounts accounts;
  private final OutgoingQueue queue;

  private MailStore(Store store, PasswordHasher hasher) {
    this.store = store;
    StatementCache statements = new StatementCache();
    this.mailboxes = new Mailboxes(store, statements, changes);
    this.messages = new Messages(store, statements, mailboxes, changes);
    mailboxes.messages(messages);
    this.accounts = new Accounts(store, hasher, mailboxes);
    this.queue = new OutgoingQueue(store);
  }

  /** Opens the mail store on {@code store}, applying the schema migrations. */
  public static MailStore open(Store store) {
    return open(store, PasswordHasher.standard());
  }

  /** As {@link #open(Store)} with a chosen password hasher (tests use fewer iterations). */
  public static MailStore open(Store store, PasswordHasher hasher) {
    store.migrate(MailSchema.MODULE, MailSchema.migrations());
    return new MailStore(store, hasher);
  }

  public Accounts accounts() {
    return accounts;
  }

  public Mailboxes mailboxes() {
    return mailboxes;
  }

  public Messages messages() {
    return messages;
  }

  public OutgoingQueue queue() {
    return queue;
  }

  /** Registers a listener told the mailbox id after each change committed to a mailbox (for IDLE). */
  public void onMailboxChange(LongConsumer listener) {
    changes.add(listener);
  }

  /**
   * Delivers an accepted message in one transaction: a copy into the INBOX of each local user
   * (once per user, after alias expansion), and one queue entry for the remote recipients.
   *
   * @return the queue id, or 0 if every recipient was local
   */
  public long deliver(Delivery delivery) {
    Set<Long> touched = new LinkedHashSet<>();
    long queueId = store.inTransaction(c -> {
      touched.clear();
      return deliverIn(c, delivery, touched);
    });
    changes.changed(touched);
    return queueId;
  }

  /**
   * Records one delivery attempt in one transaction: every attempted recipient's new state (and
   * the end of its claim), and the reports it causes, delivered like any message (local INBOXes,
   * or the queue for remote senders).
   */
  public void recordAttempt(QueueAttempt attempt) {
    Set<Long> touched = new LinkedHashSet<>();
    store.inTransaction(c -> {
      touched.clear();
      queue.recordIn(c, attempt.results());
      for (Delivery report : attempt.reports()) deliverIn(c, report, touched);
      return null;
    });
    changes.changed(touched);
  }

  private long deliverIn(Connection c, Delivery delivery, Set<Long> touched) throws SQLException {
    Accounts.Expansion to = accounts.expand(c, delivery.recipients());
    Instant now = Instant.now();
    for (long userId : to.users()) {
      Mailbox inbox = mailboxes.find(c, userId, "INBOX");
      if (inbox == null) continue;
      messages.appendIn(c, inbox.id(), delivery.content(), Set.of(StoredFlags.RECENT), now);
      touched.add(inbox.id());
    }
    return to.remote().isEmpty() ? 0L : queue.enqueueIn(c, delivery, to.remote(), now);
  }

  /** Closes the JDBC store this mail store was opened on. */
  @Override
  public void close() {
    store.close();
  }
}
