package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImapSmokeTest {
  @Test
  void loginSelectFetch() throws Exception {
    try (ImapTestServer t = new ImapTestServer(); RawImapClient c = new RawImapClient(t.port())) {
      t.append("INBOX", "From: Alice <alice@crepes.fr>\nTo: bob@hamburger.edu\nSubject: Hi\n\nHello Bob\n");
      assertThat(c.line()).startsWith("* OK [CAPABILITY IMAP4rev1");
      assertThat(c.command("a1", "LOGIN bob@hamburger.edu bob-secret")).last().asString().startsWith("a1 OK");
      List<String> sel = c.command("a2", "SELECT INBOX");
      assertThat(sel).contains("* 1 EXISTS");
      List<String> f = c.command("a3", "FETCH 1 (FLAGS ENVELOPE BODYSTRUCTURE BODY.PEEK[HEADER.FIELDS (Subject)])");
      assertThat(f.get(0)).startsWith("* 1 FETCH (FLAGS (\\Recent) ENVELOPE (NIL \"Hi\"")
          .contains("BODYSTRUCTURE (\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 11 1")
          .endsWith("BODY[HEADER.FIELDS (Subject)] {15}");
      assertThat(f.get(f.size() - 1)).startsWith("a3 OK");
    }
  }
}
