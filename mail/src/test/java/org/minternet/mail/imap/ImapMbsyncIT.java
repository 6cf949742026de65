package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.tls.TlsContexts;
import org.minternet.mail.store.MessageInfo;
import org.minternet.testing.ExternalTool;

/** Interop with mbsync (Debian isync): a mailbox synchronised both ways over STARTTLS. */
class ImapMbsyncIT {
  @TempDir
  Path dir;

  @Test
  void synchronisesBothWays() throws Exception {
    Optional<Path> mbsync = ExternalTool.forTest("mbsync");
    assumeTrue(mbsync.isPresent(), "mbsync not installed");
    Path data = dir.resolve("data");
    try (ImapTestServer t = new ImapTestServer(TlsContexts.selfSigned(data, List.of("127.0.0.1", "localhost")),
        false)) {
      ImapTranscriptTest.seed(t);
      Path cert = dir.resolve("server.pem");
      Files.writeString(cert, TlsContexts.toPem(TlsContexts.worldCertificate(data)));
      Path maildir = dir.resolve("mail");
      Files.createDirectories(maildir);
      Path config = dir.resolve("mbsyncrc");
      Files.writeString(config, """
          IMAPAccount test
          Host 127.0.0.1
          Port %d
          User bob@hamburger.edu
          Pass bob-secret
          SSLType STARTTLS
          CertificateFile %s
          AuthMechs PLAIN

          IMAPStore remote
          Account test

          MaildirStore local
          Path %s/
          Inbox %s/INBOX
          SubFolders Verbatim

          Channel sync
          Far :remote:
          Near :local:
          Patterns *
          Create Both
          Expunge Both
          SyncState *
          """.formatted(t.port(), cert, maildir, maildir));
      run(mbsync.get(), config);
      Path inbox = maildir.resolve("INBOX");
      assertThat(files(inbox)).hasSize(3);
      assertThat(Files.isDirectory(maildir.resolve("Sent"))).isTrue();

      // a new local message and a locally read one go up
      Path seenLocally = files(inbox).stream().filter(p -> !p.getFileName().toString().contains(",S"))
          .findFirst().orElseThrow();
      String base = seenLocally.getFileName().toString();
      Path renamed = inbox.resolve("cur").resolve(base.contains(":2,") ? base + "S" : base + ":2,S");
      Files.move(seenLocally, renamed);
      Files.writeString(inbox.resolve("new").resolve("1700000000.local.host"),
          "From: bob@hamburger.edu\r\nSubject: written offline\r\n\r\nhello\r\n", StandardCharsets.UTF_8);
      // and a change on the server comes down
      t.append("INBOX", "From: carol@example.org\nSubject: while away\n\nnew\n");
      run(mbsync.get(), config);

      List<MessageInfo> server = t.mail.messages().list(t.inbox());
      assertThat(server).hasSize(5);
      assertThat(server.stream().filter(m -> m.flags().contains("\\Seen")).count()).isGreaterThanOrEqualTo(2);
      assertThat(files(inbox)).hasSize(5);
      String all = String.join("\n", files(inbox).stream().map(ImapMbsyncIT::read).toList());
      assertThat(all).contains("written offline", "while away");
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Path> files(Path maildir) throws Exception {
    try (Stream<Path> a = Files.list(maildir.resolve("cur")); Stream<Path> b = Files.list(maildir.resolve("new"))) {
      return Stream.concat(a, b).toList();
    }
  }

  private static void run(Path mbsync, Path config) throws Exception {
    Process p = new ProcessBuilder(mbsync.toString(), "-c", config.toString(), "-a")
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
