package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.Recipient;

/** Several sessions on one mailbox see each other's changes; IDLE pushes deliveries at once. */
class ImapConcurrencyTest {
  ImapTestServer t;
  RawImapClient a;
  RawImapClient b;

  @BeforeEach
  void start() throws Exception {
    t = new ImapTestServer();
    ImapTranscriptTest.seed(t);
    a = open();
    b = open();
  }

  @AfterEach
  void stop() throws Exception {
    a.close();
    b.close();
    t.close();
  }

  RawImapClient open() throws Exception {
    RawImapClient c = new RawImapClient(t.port());
    c.line();
    assertThat(c.command("l", "LOGIN bob@hamburger.edu bob-secret")).last().asString().startsWith("l OK");
    assertThat(c.command("s", "SELECT INBOX")).contains("* 3 EXISTS");
    return c;
  }

  @Test
  void newMessageAppearsAsExists() throws Exception {
    b.send("b1 APPEND INBOX {14+}");
    b.send("Subject: new");
    b.send("");
    assertThat(b.until("b1")).contains("* 4 EXISTS").last().asString().startsWith("b1 OK [APPENDUID");
    assertThat(a.command("a1", "NOOP")).containsSubsequence("* 4 EXISTS", "a1 OK NOOP completed");
    assertThat(a.command("a2", "FETCH 4 (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])"))
        .anyMatch(l -> l.startsWith("* 4 FETCH (UID 4 BODY[HEADER.FIELDS (SUBJECT)]"));
  }

  @Test
  void ownAppendAfterAnotherSessionsAppendReportsBoth() throws Exception {
    a.send("a1 APPEND INBOX {17+}");
    a.send("Subject: from a");
    a.send("");
    assertThat(a.until("a1")).contains("* 4 EXISTS");
    b.send("b1 APPEND INBOX {17+}");
    b.send("Subject: from b");
    b.send("");
    assertThat(b.until("b1")).contains("* 5 EXISTS").last().asString().startsWith("b1 OK [APPENDUID");
    assertThat(b.command("b2", "FETCH 4:5 (UID FLAGS)")).contains("* 4 FETCH (UID 4 FLAGS ())",
        "* 5 FETCH (UID 5 FLAGS (\\Recent))");
    assertThat(a.command("a2", "NOOP")).containsSubsequence("* 5 EXISTS", "a2 OK NOOP completed");
  }

  @Test
  void othersChangesAfterAnOwnAppendAreStillReported() throws Exception {
    b.send("b1 APPEND INBOX (\\Seen) {14+}");
    b.send("Subject: own");
    b.send("");
    assertThat(b.until("b1")).contains("* 4 EXISTS");
    assertThat(b.command("b2", "FETCH 4 (UID FLAGS)")).contains("* 4 FETCH (UID 4 FLAGS (\\Seen \\Recent))");
    assertThat(a.command("a0", "NOOP")).contains("* 4 EXISTS");
    a.command("a1", "STORE 4 +FLAGS (\\Flagged)");
    assertThat(b.command("b3", "NOOP")).contains("* 4 FETCH (UID 4 FLAGS (\\Flagged \\Seen \\Recent))");
    a.command("a2", "STORE 4 +FLAGS.SILENT (\\Deleted)");
    a.command("a3", "EXPUNGE");
    assertThat(b.command("b4", "NOOP")).contains("* 4 EXPUNGE");
  }

  @Test
  void flagChangesAreReportedAsFetch() throws Exception {
    b.command("b1", "STORE 1 +FLAGS (\\Flagged)");
    assertThat(a.command("a1", "NOOP")).contains("* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent))");
    assertThat(a.command("a2", "NOOP")).containsExactly("a2 OK NOOP completed");
  }

  @Test
  void expungeIsHeldBackDuringFetchStoreSearch() throws Exception {
    b.command("b1", "STORE 2 +FLAGS.SILENT (\\Deleted)");
    assertThat(b.command("b2", "EXPUNGE")).contains("* 2 EXPUNGE");
    // a still numbers the expunged message 2 inside FETCH, STORE and SEARCH
    List<String> fetch = a.command("a1", "FETCH 1:3 UID");
    assertThat(fetch).contains("* 1 FETCH (UID 1)", "* 2 FETCH (UID 2)", "* 3 FETCH (UID 3)")
        .noneMatch(l -> l.contains("EXPUNGE"));
    assertThat(a.command("a2", "FETCH 2 BODY.PEEK[]")).last().asString()
        .isEqualTo("a2 NO [EXPUNGEISSUED] Some messages were expunged");
    assertThat(a.command("a3", "SEARCH ALL")).contains("* SEARCH 1 2 3").noneMatch(l -> l.contains("EXPUNGE"));
    assertThat(a.command("a4", "STORE 3 +FLAGS (\\Seen)")).noneMatch(l -> l.contains("EXPUNGE"));
    // NOOP may renumber
    assertThat(a.command("a5", "NOOP")).containsSubsequence("* 2 EXPUNGE", "a5 OK NOOP completed");
    assertThat(a.command("a6", "FETCH 2 UID")).contains("* 2 FETCH (UID 3)");
  }

  @Test
  void uidFetchMayReportExpunge() throws Exception {
    b.command("b1", "STORE 1 +FLAGS.SILENT (\\Deleted)");
    b.command("b2", "EXPUNGE");
    assertThat(a.command("a1", "UID FETCH 1:* FLAGS")).containsSubsequence("* 1 EXPUNGE", "a1 OK FETCH completed");
  }

  @Test
  void idlePushesSmtpDeliveryAtOnce() throws Exception {
    a.send("i1 IDLE");
    assertThat(a.line()).isEqualTo("+ idling");
    // what the SMTP server does after DATA: one delivery transaction, which notifies the hub
    t.mail.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of("bob@hamburger.edu")),
        "From: alice@crepes.fr\r\nSubject: Hi Bob\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8), null, null));
    // no timing assertion: the line must arrive, and the poll interval is far longer than the socket timeout
    assertThat(a.line()).isEqualTo("* 4 EXISTS");
    assertThat(a.line()).isEqualTo("* 4 RECENT");
    a.send("DONE");
    assertThat(a.until("i1")).last().asString().isEqualTo("i1 OK IDLE terminated");
  }

  @Test
  void idlePushesOtherSessionsFlagsAndExpunges() throws Exception {
    a.send("i1 IDLE");
    assertThat(a.line()).isEqualTo("+ idling");
    b.command("b1", "STORE 3 FLAGS (\\Deleted)");
    assertThat(a.line()).isEqualTo("* 3 FETCH (UID 3 FLAGS (\\Deleted \\Recent))");
    b.command("b2", "EXPUNGE");
    assertThat(a.line()).isEqualTo("* 3 EXPUNGE");
    assertThat(a.line()).isEqualTo("* 2 RECENT");
    a.send("DONE");
    assertThat(a.until("i1")).containsExactly("i1 OK IDLE terminated");
  }

  @Test
  void idleWithoutASelectedMailboxEndsOnDone() throws Exception {
    a.command("u", "UNSELECT");
    a.send("i1 IDLE");
    assertThat(a.line()).isEqualTo("+ idling");
    b.command("b1", "STORE 1 +FLAGS (\\Seen)"); // nothing to report to a session without a mailbox
    a.send("DONE");
    assertThat(a.until("i1")).containsExactly("i1 OK IDLE terminated");
  }

  @Test
  void idleOnAnotherMailboxIsNotDisturbed() throws Exception {
    a.command("t", "SELECT Trash");
    a.send("i1 IDLE");
    assertThat(a.line()).isEqualTo("+ idling");
    b.command("b1", "STORE 1 +FLAGS (\\Seen)");
    b.command("b2", "COPY 1 Trash");
    assertThat(a.line()).isEqualTo("* 1 EXISTS"); // the copy into Trash, and nothing about INBOX before it
    a.send("DONE");
    assertThat(a.until("i1")).containsExactly("* 1 RECENT", "i1 OK IDLE terminated");
  }

  @Test
  void recentBelongsToOneSession() throws Exception {
    // a selected first and took the three recent messages; b saw none
    assertThat(a.command("a1", "SEARCH RECENT")).contains("* SEARCH 1 2 3");
    assertThat(b.command("b1", "SEARCH RECENT")).contains("* SEARCH");
  }

  @Test
  void deletingTheSelectedMailboxEndsOtherSessions() throws Exception {
    a.command("a1", "CREATE Temp");
    a.command("a2", "SELECT Temp");
    b.command("b1", "DELETE Temp");
    assertThat(a.command("a3", "NOOP")).contains("* BYE Selected mailbox was deleted or renamed");
  }

  @Test
  void qresyncReportsVanishedAndChangedSinceTheClientsModseq() throws Exception {
    List<String> sel = b.command("s2", "EXAMINE INBOX");
    String validity = sel.stream().filter(l -> l.contains("UIDVALIDITY")).findFirst().orElseThrow()
        .replaceAll("\\D+", " ").trim().split(" ")[0];
    a.command("a1", "STORE 1 +FLAGS.SILENT (\\Deleted)");
    a.command("a2", "EXPUNGE");
    a.command("a3", "STORE 2 +FLAGS.SILENT (\\Answered)");
    b.command("b0", "UNSELECT"); // ENABLE is valid only before a mailbox is selected (RFC 5161)
    assertThat(b.command("b1", "ENABLE QRESYNC")).contains("* ENABLED QRESYNC CONDSTORE");
    List<String> r = b.command("b2", "SELECT INBOX (QRESYNC (" + validity + " 4 1:3))");
    assertThat(b.command("b3", "EXAMINE INBOX")).contains("* OK [CLOSED] Previous mailbox closed");
    assertThat(r).contains("* VANISHED (EARLIER) 1")
        .contains("* 2 FETCH (UID 3 FLAGS ($Work \\Answered \\Flagged) MODSEQ (7))")
        .noneMatch(l -> l.contains("UID 2 "));
  }
}
