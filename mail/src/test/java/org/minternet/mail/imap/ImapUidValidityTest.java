package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** UIDVALIDITY over IMAP (RFC 9051 §2.3.1.1): a name deleted and created again never repeats it. */
class ImapUidValidityTest {
  @Test
  void aMailboxDeletedAndCreatedAgainAtOnceGetsALargerUidValidityAndFreshUids() throws Exception {
    try (ImapTestServer t = new ImapTestServer(); RawImapClient c = new RawImapClient(t.port())) {
      c.line();
      c.command("l", "LOGIN bob@hamburger.edu bob-secret");
      c.command("c1", "CREATE Projects");
      c.send("a1 APPEND Projects {14+}");
      c.send("Subject: one");
      c.send("");
      String firstAppend = c.until("a1").getLast();
      long first = validity(c.command("s1", "EXAMINE Projects"));
      c.command("u", "UNSELECT");
      // within the same second, as a client deleting and re-creating a folder does
      assertThat(c.command("d", "DELETE Projects")).last().asString().startsWith("d OK");
      assertThat(c.command("c2", "CREATE Projects")).last().asString().startsWith("c2 OK");
      List<String> again = c.command("s2", "EXAMINE Projects");
      assertThat(validity(again)).isGreaterThan(first);
      assertThat(again).contains("* 0 EXISTS");
      c.send("a2 APPEND Projects {14+}");
      c.send("Subject: two");
      c.send("");
      assertThat(firstAppend).isEqualTo("a1 OK [APPENDUID " + first + " 1] APPEND completed");
      assertThat(c.until("a2").getLast()).startsWith("a2 OK [APPENDUID " + validity(again) + " ");
    }
  }

  private static long validity(List<String> select) {
    return select.stream().filter(l -> l.startsWith("* OK [UIDVALIDITY ")).map(l -> Long.parseLong(l.split("[ \\]]")[3]))
        .findFirst().orElseThrow();
  }
}
