package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minternet.core.store.Store;
import org.minternet.testing.ExternalTool;

/**
 * The IMAP server on PostgreSQL: the mail store's mailbox and message SQL (group commit with
 * savepoints, copy, move, rename, modseq queries, the modseq indexes) on the scale-out database. Runs when
 * {@code MINTERNET_TEST_POSTGRES_URL} names a database whose mail tables it may empty.
 */
class ImapPostgresIT {
  @Test
  void sessionOnPostgres() throws Exception {
    String url = System.getenv("MINTERNET_TEST_POSTGRES_URL");
    if (url == null && ExternalTool.requiredByCi()) {
      throw new IllegalStateException("MINTERNET_TEST_POSTGRES_URL must be set under CI");
    }
    assumeTrue(url != null && url.startsWith("jdbc:postgresql:"), "MINTERNET_TEST_POSTGRES_URL not set");
    Store store = Store.open(url);
    store.inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS mail_subscription, mail_queue_rcpt, mail_queue, mail_expunged, mail_message, mail_uidvalidity, mail_mailbox,"
            + " mail_alias, mail_user, mail_domain CASCADE");
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (module VARCHAR(64) NOT NULL,"
            + " version INTEGER NOT NULL, description VARCHAR(200), applied_at VARCHAR(40),"
            + " PRIMARY KEY (module, version))");
        s.execute("DELETE FROM schema_version WHERE module IN ('mail', 'mail-imap')");
      }
      return null;
    });
    try (ImapTestServer t = new ImapTestServer(store, null, true); RawImapClient c = new RawImapClient(t.port());
        RawImapClient other = new RawImapClient(t.port())) {
      ImapTranscriptTest.seed(t);
      c.line();
      other.line();
      c.command("a1", "LOGIN bob@hamburger.edu bob-secret");
      other.command("b1", "LOGIN bob@hamburger.edu bob-secret");
      assertThat(c.command("a2", "SELECT INBOX")).contains("* 3 EXISTS");
      other.command("b2", "SELECT INBOX");
      assertThat(c.command("a3", "STORE 1:3 +FLAGS (\\Answered)")).hasSize(4);
      assertThat(other.command("b3", "NOOP")).contains("* 1 FETCH (UID 1 FLAGS (\\Answered))");
      assertThat(c.command("a4", "STORE 1 (UNCHANGEDSINCE 1) +FLAGS (\\Draft)")).last().asString()
          .isEqualTo("a4 OK [MODIFIED 1] Conditional STORE failed");
      assertThat(c.command("a5", "COPY 1:2 Trash")).last().asString().matches("a5 OK \\[COPYUID \\d+ 1:2 1:2\\].*");
      assertThat(c.command("a6", "MOVE 3 Sent")).contains("* 3 EXPUNGE");
      c.send("a7 APPEND INBOX {14+}");
      c.send("Subject: new");
      c.send("");
      assertThat(c.until("a7")).contains("* 3 EXISTS");
      assertThat(c.command("a8", "SEARCH SUBJECT new")).contains("* SEARCH 3");
      assertThat(c.command("a9", "UID SEARCH RETURN (COUNT) ANSWERED")).contains("* ESEARCH (TAG \"a9\") UID COUNT 2");
      c.command("a10", "STORE 1 +FLAGS.SILENT (\\Deleted)");
      assertThat(c.command("a11", "EXPUNGE")).contains("* 1 EXPUNGE");
      assertThat(other.command("b4", "UID FETCH 1:* FLAGS (CHANGEDSINCE 1)")).containsSubsequence("* 3 EXPUNGE",
          "* 1 EXPUNGE");
      assertThat(c.command("a12", "CREATE Projects/2024")).last().asString().startsWith("a12 OK");
      assertThat(c.command("a13", "RENAME Projects Work")).last().asString().startsWith("a13 OK");
      assertThat(c.command("a14", "LIST \"\" Work*")).contains("* LIST (\\HasChildren) \"/\" \"Work\"",
          "* LIST (\\HasNoChildren) \"/\" \"Work/2024\"");
      assertThat(c.command("a15", "RENAME INBOX Old")).last().asString().startsWith("a15 OK");
      assertThat(c.command("a16", "STATUS Old (MESSAGES)")).contains("* STATUS \"Old\" (MESSAGES 2)");
      assertThat(t.mail.messages().list(t.inbox())).isEmpty();
      assertThat(List.of(c.command("a17", "LOGOUT"))).isNotEmpty();
    }
  }
}
