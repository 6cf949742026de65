package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.tls.TlsContexts;

/** The user agent's reading side against our server: folders, list, read. */
class ImapClientTest {
  @TempDir
  Path dir;

  @Test
  void foldersListAndReadOverStartTls() throws Exception {
    try (ImapTestServer t = new ImapTestServer(TlsContexts.selfSigned(dir, List.of("localhost")), false)) {
      ImapTranscriptTest.seed(t);
      t.mail.mailboxes().create(t.bob.id(), "Été", null);
      ImapClient.Account bob = new ImapClient.Account("127.0.0.1", t.port(), ImapClient.Security.STARTTLS,
          ImapTestServer.BOB, ImapTestServer.BOB_PASSWORD, TlsContexts.opportunistic());
      assertThat(ImapClient.folders(bob)).extracting(ImapClient.Folder::name)
          .contains("INBOX", "Sent", "Drafts", "Trash", "Junk", "Été");
      assertThat(ImapClient.folders(bob)).filteredOn(f -> f.name().equals("Sent")).first()
          .extracting(ImapClient.Folder::attributes).asList().contains("\\Sent");
      List<ImapClient.MessageSummary> inbox = ImapClient.list(bob, "INBOX");
      assertThat(inbox).hasSize(3);
      assertThat(inbox.get(0).subject()).isEqualTo("Lunch");
      assertThat(inbox.get(0).from()).isEqualTo("Alice <alice@crepes.fr>");
      assertThat(inbox.get(0).flags()).doesNotContain("\\Seen");
      assertThat(inbox.get(1).flags()).contains("\\Seen");
      byte[] first = ImapClient.read(bob, "INBOX", 1);
      assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("From: Alice").endsWith("lunch?\r\n");
      assertThat(ImapClient.list(bob, "INBOX").get(0).flags()).contains("\\Seen");
      assertThatThrownBy(() -> ImapClient.read(bob, "INBOX", 9)).isInstanceOf(IOException.class);
      assertThat(ImapClient.list(bob, "Été")).isEmpty();
    }
  }

  @Test
  void implicitTlsAndWrongPassword() throws Exception {
    try (ImapTestServer t = new ImapTestServer(TlsContexts.selfSigned(dir, List.of("localhost")), false)) {
      int port = t.server.endpoint("imaps").port();
      ImapClient.Account wrong = new ImapClient.Account("localhost", port, ImapClient.Security.IMPLICIT,
          ImapTestServer.BOB, "nope", TlsContexts.trusting(TlsContexts.worldCertificate(dir)));
      assertThatThrownBy(() -> ImapClient.folders(wrong)).isInstanceOf(IOException.class)
          .hasMessageContaining("AUTHENTICATIONFAILED");
    }
  }

  @Test
  void parserSurvivesStrayParentheses() {
    List<Object> r = new ImapClient.ResponseParser(") ((( x".getBytes(StandardCharsets.US_ASCII)).all();
    assertThat(r).isNotEmpty();
  }
}
