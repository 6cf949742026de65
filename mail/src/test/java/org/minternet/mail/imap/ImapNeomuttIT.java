package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.testing.ExternalTool;

/** Interop with neomutt, driven in tmux: it reads a message and moves it to Trash. */
class ImapNeomuttIT {
  @TempDir
  Path dir;

  @Test
  void readsAndMovesAMessage() throws Exception {
    Optional<Path> neomutt = ExternalTool.forTest("neomutt");
    Optional<Path> tmux = ExternalTool.forTest("tmux");
    assumeTrue(neomutt.isPresent() && tmux.isPresent(), "neomutt or tmux not installed");
    try (ImapTestServer t = new ImapTestServer()) {
      ImapTranscriptTest.seed(t);
      Path rc = dir.resolve("muttrc");
      Files.writeString(rc, """
          set imap_user = "bob@hamburger.edu"
          set imap_pass = "bob-secret"
          set folder = "imap://127.0.0.1:%d/"
          set spoolfile = "+INBOX"
          set ssl_starttls = no
          set ssl_force_tls = no
          set confirmappend = no
          set confirmcreate = no
          set delete = yes
          set quit = yes
          set move = no
          set sort = date
          set wait_key = no
          set header_cache = ""
          set message_cachedir = ""
          """.formatted(t.port()));
      String session = "minternet-imap-" + ProcessHandle.current().pid();
      String tmuxPath = tmux.get().toString();
      exec(tmuxPath, "-L", session, "new-session", "-d", "-s", session, "-x", "160", "-y", "40",
          "env HOME=" + dir + " TERM=xterm " + neomutt.get() + " -n -F " + rc);
      try {
        waitFor(() -> screen(tmuxPath, session).contains("Lunch"), "the index with Lunch");
        keys(tmuxPath, session, "1", "Enter", "Enter");
        waitFor(() -> screen(tmuxPath, session).contains("Shall we have lunch?"), "the message text");
        keys(tmuxPath, session, "q");
        waitFor(() -> !screen(tmuxPath, session).contains("Shall we have lunch?"), "back to the index");
        keys(tmuxPath, session, "s");
        waitFor(() -> screen(tmuxPath, session).contains("Save to mailbox"), "the save prompt");
        keys(tmuxPath, session, "C-u", "=Trash", "Enter");
        long trash = t.mail.mailboxes().get(t.bob.id(), "Trash").orElseThrow().id();
        waitFor(() -> t.mail.messages().list(trash).size() == 1, "the copy in Trash");
        keys(tmuxPath, session, "$");
        waitFor(() -> t.mail.messages().list(t.inbox()).size() == 2, "the expunge from INBOX");
        keys(tmuxPath, session, "q");
      } finally {
        new ProcessBuilder(tmuxPath, "-L", session, "kill-server").start().waitFor(10, TimeUnit.SECONDS);
      }
      long trash = t.mail.mailboxes().get(t.bob.id(), "Trash").orElseThrow().id();
      String moved = new String(t.mail.messages().content(trash, t.mail.messages().list(trash).get(0).uid()).orElseThrow(),
          StandardCharsets.UTF_8);
      assertThat(moved).contains("Subject: Lunch");
      assertThat(t.mail.messages().list(t.inbox())).hasSize(2);
    }
  }

  private static void keys(String tmux, String session, String... keys) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(tmux, "-L", session, "send-keys", "-t", session));
    cmd.addAll(List.of(keys));
    exec(cmd.toArray(String[]::new));
  }

  private static String screen(String tmux, String session) {
    try {
      Process p = new ProcessBuilder(tmux, "-L", session, "capture-pane", "-p", "-t", session)
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      return out;
    } catch (Exception e) {
      return "";
    }
  }

  /** Polls a condition of the terminal or the store, up to 30 s (a wait, not a timing assertion). */
  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (condition.getAsBoolean()) return;
      Thread.sleep(100);
    }
    throw new AssertionError("neomutt never showed " + what);
  }

  private static void exec(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
