package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.mail.store.MessageInfo;
import org.minternet.testing.ExternalTool;

/** Interop with Python's imaplib and with fetchmail (IMAP, keep and download-and-delete). */
class ImapCommandLineClientsIT {
  @TempDir
  Path dir;

  @Test
  void pythonImaplib() throws Exception {
    Optional<Path> python = ExternalTool.forTest("python3");
    assumeTrue(python.isPresent(), "python3 not installed");
    try (ImapTestServer t = new ImapTestServer()) {
      ImapTranscriptTest.seed(t);
      Path script = dir.resolve("client.py");
      Files.writeString(script, """
          import imaplib, sys
          c = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
          c.login("bob@hamburger.edu", "bob-secret")
          typ, data = c.list()
          print("folders", len(data))
          typ, data = c.select("INBOX")
          print("exists", data[0].decode())
          typ, data = c.search(None, "FROM", "alice")
          print("search", data[0].decode())
          typ, data = c.fetch("1", "(BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
          print("subject", data[0][1].decode().strip())
          typ, data = c.store("1", "+FLAGS", "(\\\\Answered)")
          print("store", typ)
          typ, data = c.append("INBOX", "(\\\\Seen)", None, b"Subject: from python\\r\\n\\r\\nhi\\r\\n")
          print("append", typ, data[0].decode().split("]")[0])
          typ, data = c.copy("1", "Trash")
          print("copy", typ)
          c.store("2", "+FLAGS", "(\\\\Deleted)")
          typ, data = c.expunge()
          print("expunge", data[0].decode())
          c.logout()
          """);
      Process p = new ProcessBuilder(python.get().toString(), script.toString(), Integer.toString(t.port()))
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("folders 5", "exists 3", "search 1", "subject Subject: Lunch", "store OK",
          "append OK [APPENDUID", "copy OK", "expunge 2");
      List<MessageInfo> inbox = t.mail.messages().list(t.inbox());
      assertThat(inbox).hasSize(3);
      assertThat(inbox.get(0).flags()).contains("\\Answered");
    }
  }

  @Test
  void fetchmailKeepsThenDeletes() throws Exception {
    Optional<Path> fetchmail = ExternalTool.forTest("fetchmail");
    assumeTrue(fetchmail.isPresent(), "fetchmail not installed");
    try (ImapTestServer t = new ImapTestServer()) {
      ImapTranscriptTest.seed(t);
      Path mbox = dir.resolve("mbox");
      Path rc = dir.resolve("fetchmailrc");
      Files.writeString(rc, """
          set no syslog
          poll 127.0.0.1 service %d protocol IMAP auth password
            user "bob@hamburger.edu" password "bob-secret" is "nobody" here
            sslproto '' %s
            mda "/bin/sh -c 'cat >> %s'"
          """.formatted(t.port(), "keep", mbox));
      Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
      run(fetchmail.get(), rc, dir);
      // fetchmail takes the unseen messages: the report was already read
      assertThat(Files.readString(mbox)).contains("Subject: Lunch", "Subject: Forward")
          .doesNotContain("Subject: Report");
      assertThat(t.mail.messages().list(t.inbox())).hasSize(3).allMatch(m -> m.flags().contains("\\Seen"));

      // download and delete: fetch everything (-a), not keeping it
      Files.writeString(rc, Files.readString(rc).replace(" keep", " nokeep"));
      Files.delete(mbox);
      ProcessBuilder pb = command(fetchmail.get(), rc, dir, "-a");
      exec(pb);
      assertThat(Files.readString(mbox)).contains("Subject: Lunch", "Subject: Report", "Subject: Forward");
      assertThat(t.mail.messages().list(t.inbox())).isEmpty();
    }
  }

  private static ProcessBuilder command(Path fetchmail, Path rc, Path home, String... extra) {
    List<String> cmd = new java.util.ArrayList<>(List.of(fetchmail.toString(), "-f", rc.toString(), "--nodetach",
        "--pidfile", home.resolve("pid").toString(), "-v"));
    cmd.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("FETCHMAILHOME", home.toString());
    return pb;
  }

  private static void run(Path fetchmail, Path rc, Path home) throws Exception {
    exec(command(fetchmail, rc, home));
  }

  private static void exec(ProcessBuilder pb) throws Exception {
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    // 0: mail retrieved; 1: no mail
    assertThat(p.exitValue()).as(out).isZero();
  }
}
