package org.minternet.mail.store;

import java.util.List;
import org.minternet.core.store.Migration;

/** The mail module's schema, applied through {@link org.minternet.core.store.Store#migrate}. */
final class MailSchema {
  static final String MODULE = "mail";

  private MailSchema() {}

  static List<Migration> migrations() {
    return List.of(new Migration(1, "domains, users, aliases, mailboxes, messages, queue", """
        CREATE TABLE mail_domain (id ${id}, name VARCHAR(253) NOT NULL UNIQUE);
        CREATE TABLE mail_user (id ${id},
          domain_id ${bigint} NOT NULL REFERENCES mail_domain(id) ON DELETE CASCADE,
          local_part VARCHAR(64) NOT NULL, password_hash VARCHAR(200) NOT NULL,
          created_at ${bigint} NOT NULL, UNIQUE (domain_id, local_part));
        CREATE TABLE mail_alias (id ${id},
          domain_id ${bigint} NOT NULL REFERENCES mail_domain(id) ON DELETE CASCADE,
          local_part VARCHAR(64) NOT NULL, target VARCHAR(320) NOT NULL,
          UNIQUE (domain_id, local_part, target));
        CREATE TABLE mail_mailbox (id ${id},
          user_id ${bigint} NOT NULL REFERENCES mail_user(id) ON DELETE CASCADE,
          name VARCHAR(1000) NOT NULL, special_use VARCHAR(16),
          uid_validity ${bigint} NOT NULL, uid_next ${bigint} NOT NULL,
          highest_modseq ${bigint} NOT NULL, subscribed INTEGER NOT NULL,
          UNIQUE (user_id, name));
        CREATE TABLE mail_message (id ${id},
          mailbox_id ${bigint} NOT NULL REFERENCES mail_mailbox(id) ON DELETE CASCADE,
          uid ${bigint} NOT NULL, modseq ${bigint} NOT NULL, flags VARCHAR(2000) NOT NULL,
          internal_date ${bigint} NOT NULL, size ${bigint} NOT NULL, content ${blob} NOT NULL,
          UNIQUE (mailbox_id, uid));
        CREATE TABLE mail_expunged (
          mailbox_id ${bigint} NOT NULL REFERENCES mail_mailbox(id) ON DELETE CASCADE,
          uid ${bigint} NOT NULL, modseq ${bigint} NOT NULL, PRIMARY KEY (mailbox_id, uid));
        CREATE TABLE mail_queue (id ${id}, sender VARCHAR(320) NOT NULL,
          envelope_id VARCHAR(100), ret VARCHAR(8), content ${blob} NOT NULL,
          created_at ${bigint} NOT NULL);
        CREATE TABLE mail_queue_rcpt (id ${id},
          queue_id ${bigint} NOT NULL REFERENCES mail_queue(id) ON DELETE CASCADE,
          recipient VARCHAR(320) NOT NULL, domain VARCHAR(253) NOT NULL,
          notify VARCHAR(40), orcpt VARCHAR(500), state VARCHAR(10) NOT NULL,
          attempts INTEGER NOT NULL, next_attempt ${bigint} NOT NULL, last_error VARCHAR(1000));
        CREATE INDEX mail_queue_rcpt_due ON mail_queue_rcpt (state, next_attempt);
        CREATE INDEX mail_queue_rcpt_queue ON mail_queue_rcpt (queue_id)
        """),
        // The APOP secret (RFC 1939 §7) is kept readable because the server must compute
        // MD5(timestamp + secret); it is separate from the KDF-hashed login password and NULL
        // unless the user or an administrator opts in. A column of mail_user, so removing the
        // user removes it.
        new Migration(2, "optional per-user APOP secret", """
        ALTER TABLE mail_user ADD COLUMN apop_secret VARCHAR(1000)
        """),
        // Who holds a claimed queue recipient: a restarted node releases its own claims at once
        // instead of waiting for the lease (the node that died cannot finish them).
        new Migration(3, "queue claims carry the claiming node", """
        ALTER TABLE mail_queue_rcpt ADD COLUMN claimed_by VARCHAR(255)
        """),
        // The largest UIDVALIDITY ever given: MAX over the mailboxes that exist forgets the values
        // of deleted ones (a removed user's INBOX), which a re-created mailbox must exceed.
        new Migration(4, "UIDVALIDITY high-water mark", """
        CREATE TABLE mail_uidvalidity (id INTEGER PRIMARY KEY, last_given ${bigint} NOT NULL);
        INSERT INTO mail_uidvalidity (id, last_given) SELECT 1, COALESCE(MAX(uid_validity), 0) FROM mail_mailbox
        """),
        // what CONDSTORE, QRESYNC and IDLE ask often: what changed or vanished since a modseq (these
        // were the IMAP server's own migration "mail-imap" 1, hence IF NOT EXISTS)
        new Migration(5, "modseq indexes", """
        CREATE INDEX IF NOT EXISTS imap_message_modseq ON mail_message (mailbox_id, modseq);
        CREATE INDEX IF NOT EXISTS imap_expunged_modseq ON mail_expunged (mailbox_id, modseq)
        """),
        // Subscriptions are names, not mailboxes (RFC 9051 §6.3.9): they outlive a DELETE and are
        // not made by CREATE. mail_mailbox.subscribed is no longer read after this migration.
        new Migration(6, "subscriptions by name", """
        CREATE TABLE mail_subscription (
          user_id ${bigint} NOT NULL REFERENCES mail_user(id) ON DELETE CASCADE,
          name VARCHAR(1000) NOT NULL, PRIMARY KEY (user_id, name));
        INSERT INTO mail_subscription (user_id, name) SELECT user_id, name FROM mail_mailbox WHERE subscribed = 1
        """));
  }
}
