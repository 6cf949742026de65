package org.minternet.mail.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minternet.mail.auth.AuthThrottle;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.testing.MailFixture;

/** POP3 across sessions: update only on QUIT, the maildrop lock, stable UIDL, APOP timestamps. */
class Pop3ServerTest {
  private static final String BOB_APOP = "bob-apop-secret";
  private static final Pattern GREETING = Pattern.compile("\\+OK mail\\.hamburger\\.edu POP3 server ready"
      + " (<[0-9]+\\.[0-9]+\\.[0-9a-f]+@mail\\.hamburger\\.edu>)");

  private MailStore store;
  private Pop3Server server;

  @BeforeEach
  void start() throws IOException {
    store = Pop3TranscriptTest.storeWithTwoMessages();
    store.accounts().setApopSecret(MailFixture.BOB, BOB_APOP);
    // the per-connection limits under test here, not the per-address throttle (AuthThrottleServersTest)
    server = Pop3Server.builder(new Pop3Config("mail.hamburger.edu", store, null, true))
        .authThrottle(AuthThrottle.disabled()).build();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  /** A tiny line client. */
  private final class Client implements AutoCloseable {
    final Socket socket;
    final BufferedReader in;
    final OutputStream out;
    final String timestamp;

    Client() throws IOException {
      socket = new Socket("127.0.0.1", server.port(Pop3Service.POP3));
      socket.setSoTimeout(10_000);
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = socket.getOutputStream();
      String greeting = in.readLine();
      Matcher m = GREETING.matcher(greeting);
      assertThat(m.matches()).as(greeting).isTrue();
      timestamp = m.group(1);
    }

    String apop(String timestamp, String secret) throws IOException {
      return command("APOP " + MailFixture.BOB + " " + md5Hex(timestamp + secret));
    }

    String command(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return in.readLine();
    }

    List<String> multi(String line) throws IOException {
      List<String> lines = new ArrayList<>();
      String first = command(line);
      assertThat(first).startsWith("+OK");
      for (String l; !(l = in.readLine()).equals("."); ) lines.add(l);
      return lines;
    }

    String login() throws IOException {
      command("USER " + MailFixture.BOB);
      return command("PASS " + MailFixture.BOB_PASSWORD);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private int inboxSize() {
    long id = store.accounts().user(MailFixture.BOB).orElseThrow().id();
    return store.messages().list(store.mailboxes().get(id, "INBOX").orElseThrow().id()).size();
  }

  @Test
  void droppedConnectionDeletesNothingAndQuitDeletes() throws Exception {
    try (Client a = new Client()) {
      assertThat(a.login()).startsWith("+OK");
      assertThat(a.command("DELE 1")).startsWith("+OK");
      assertThat(a.command("DELE 2")).startsWith("+OK");
    } // dropped without QUIT
    awaitUnlocked();
    assertThat(inboxSize()).isEqualTo(2);
    try (Client b = new Client()) {
      assertThat(b.login()).contains("2 messages");
      assertThat(b.command("DELE 1")).startsWith("+OK");
      assertThat(b.command("QUIT")).contains("1 messages deleted");
    }
    assertThat(inboxSize()).isEqualTo(1);
  }

  @Test
  void secondSessionIsLockedOutUntilTheFirstEnds() throws Exception {
    try (Client a = new Client(); Client b = new Client()) {
      assertThat(a.login()).startsWith("+OK");
      assertThat(b.login()).isEqualTo("-ERR [IN-USE] Maildrop already locked by another session");
      assertThat(a.command("QUIT")).startsWith("+OK");
      awaitUnlocked();
      assertThat(b.login()).startsWith("+OK");
    }
  }

  @Test
  void uidlIsStableAcrossSessions() throws Exception {
    List<String> first;
    try (Client a = new Client()) {
      a.login();
      first = a.multi("UIDL");
      a.command("DELE 1");
      a.command("QUIT");
    }
    try (Client b = new Client()) {
      b.login();
      List<String> second = b.multi("UIDL");
      assertThat(second).hasSize(1);
      // message 2 of the first session is message 1 now, with the same unique id
      assertThat(second.get(0).split(" ")[1]).isEqualTo(first.get(1).split(" ")[1]);
    }
  }

  /** MD5 in lower-case hex, computed here rather than with the code under test. */
  private static String md5Hex(String s) {
    try {
      byte[] d = MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : d) hex.append(String.format("%02x", b & 0xff));
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyGreetingHasItsOwnTimestamp() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      try (Client c = new Client()) {
        assertThat(seen.add(c.timestamp)).as(c.timestamp).isTrue();
      }
    }
    assertThat(seen).allMatch(t -> t.startsWith("<" + ProcessHandle.current().pid() + "."));
  }

  @Test
  void apopDigestOfAnotherConnectionsTimestampFails() throws Exception {
    try (Client a = new Client(); Client b = new Client()) {
      assertThat(b.apop(a.timestamp, BOB_APOP)).isEqualTo("-ERR [AUTH] Authentication failed");
      assertThat(b.apop(b.timestamp, BOB_APOP)).startsWith("+OK bob@hamburger.edu's maildrop has 2 messages");
    }
  }

  @Test
  void apopHonoursTheMaildropLockBothWays() throws Exception {
    try (Client a = new Client(); Client b = new Client()) {
      assertThat(a.login()).startsWith("+OK");
      assertThat(b.apop(b.timestamp, BOB_APOP)).isEqualTo("-ERR [IN-USE] Maildrop already locked by another session");
      assertThat(a.command("QUIT")).startsWith("+OK");
      awaitUnlocked();
      assertThat(b.apop(b.timestamp, BOB_APOP)).startsWith("+OK");
      try (Client c = new Client()) {
        assertThat(c.login()).isEqualTo("-ERR [IN-USE] Maildrop already locked by another session");
      }
      assertThat(b.command("QUIT")).startsWith("+OK");
    }
  }

  @Test
  void apopFailuresCountTowardsTheErrorLimit() throws Exception {
    try (Client c = new Client()) {
      for (int i = 1; i < 10; i++) {
        assertThat(c.apop(c.timestamp, "guess-" + i)).isEqualTo("-ERR [AUTH] Authentication failed");
      }
      assertThat(c.apop(c.timestamp, "guess-10")).isEqualTo("-ERR [AUTH] Authentication failed");
      assertThat(c.in.readLine()).isEqualTo("-ERR Too many errors");
      assertThat(c.in.readLine()).isNull();
    }
  }

  private void awaitUnlocked() throws InterruptedException {
    // the server releases the lock when it notices the closed connection
    long bob = store.accounts().user(MailFixture.BOB).orElseThrow().id();
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (server.isLocked(bob) && System.nanoTime() < deadline) Thread.sleep(10);
    assertThat(server.isLocked(bob)).isFalse();
  }
}
