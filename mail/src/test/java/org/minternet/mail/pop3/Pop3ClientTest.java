package org.minternet.mail.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.testing.MailFixture;

/** The user agent's POP3 side: download-and-keep fetches only new mail, download-and-delete empties. */
class Pop3ClientTest {
  @TempDir Path dir;
  private MailStore store;
  private Pop3Server server;
  private Pop3Client.Account account;
  private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @BeforeEach
  void start() throws IOException {
    store = Pop3TranscriptTest.storeWithTwoMessages();
    server = Pop3Server.builder(new Pop3Config("mail.hamburger.edu", store, null, true)).build();
    server.start();
    account = new Pop3Client.Account("127.0.0.1", server.port(Pop3Service.POP3), Pop3Client.Security.NONE,
        MailFixture.BOB, MailFixture.BOB_PASSWORD, null);
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private int inboxSize() {
    long id = store.accounts().user(MailFixture.BOB).orElseThrow().id();
    return store.messages().list(store.mailboxes().get(id, "INBOX").orElseThrow().id()).size();
  }

  private long emlFiles() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".eml")).count();
    }
  }

  @Test
  void keepModeDownloadsEachMessageOnce() throws IOException {
    assertThat(Pop3Client.fetch(account, dir, false, out)).isEqualTo(2);
    assertThat(emlFiles()).isEqualTo(2);
    assertThat(inboxSize()).isEqualTo(2);
    assertThat(Pop3Client.fetch(account, dir, false, out)).isZero();
    try (Stream<Path> s = Files.list(dir)) {
      Path first = s.filter(p -> p.toString().endsWith(".eml")).findFirst().orElseThrow();
      assertThat(Files.readString(first, StandardCharsets.ISO_8859_1)).contains("\r\n");
    }
  }

  @Test
  void deleteModeEmptiesTheMaildropOnQuit() throws IOException {
    assertThat(Pop3Client.fetch(account, dir, true, out)).isEqualTo(2);
    assertThat(inboxSize()).isZero();
    assertThat(Pop3Client.fetch(account, dir, true, out)).isZero();
  }

  @Test
  void wrongPasswordIsReported() {
    Pop3Client.Account bad = new Pop3Client.Account(account.host(), account.port(), Pop3Client.Security.NONE,
        MailFixture.BOB, "wrong", null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pop3Client.fetch(bad, dir, false, out))
        .isInstanceOf(IOException.class).hasMessageContaining("-ERR");
  }

  @Test
  void apopLogsInWithTheApopSecretOnly() throws IOException {
    Pop3Client.Account apop = new Pop3Client.Account(account.host(), account.port(), Pop3Client.Security.NONE,
        MailFixture.BOB, "bob-apop-secret", null, true);
    // no secret set yet: APOP fails like a wrong digest
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pop3Client.fetch(apop, dir, true, out))
        .isInstanceOf(IOException.class).hasMessageContaining("-ERR [AUTH]");
    store.accounts().setApopSecret(MailFixture.BOB, "bob-apop-secret");
    Pop3Client.Account withPassword = new Pop3Client.Account(account.host(), account.port(),
        Pop3Client.Security.NONE, MailFixture.BOB, MailFixture.BOB_PASSWORD, null, true);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pop3Client.fetch(withPassword, dir, true, out))
        .isInstanceOf(IOException.class).hasMessageContaining("-ERR [AUTH]");
    assertThat(Pop3Client.fetch(apop, dir, true, out)).isEqualTo(2);
    assertThat(inboxSize()).isZero();
  }
}
