package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.mail.smtp.SmtpConfig;
import org.minternet.mail.smtp.SmtpServer;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.testing.ExternalTool;

/**
 * The textbook scenario's last hop: swaks delivers a message with an attachment to
 * bob@hamburger.edu over SMTP, and Bob's open IMAP session in IDLE is told at once, then sees the
 * attachment in the BODYSTRUCTURE.
 */
class ImapAliceToBobIT {
  @TempDir
  Path dir;

  @Test
  void swaksDeliveryArrivesByIdleWithItsAttachment() throws Exception {
    Optional<Path> swaks = ExternalTool.forTest("swaks");
    assumeTrue(swaks.isPresent(), "swaks not installed");
    try (ImapTestServer t = new ImapTestServer()) {
      SmtpServer smtp = SmtpServer.builder(SmtpConfig.of("mail.hamburger.edu", t.mail, null))
          .port(SmtpService.MTA, 0).build();
      smtp.start();
      try (RawImapClient bob = new RawImapClient(t.port())) {
        bob.line();
        bob.command("a1", "LOGIN bob@hamburger.edu bob-secret");
        assertThat(bob.command("a2", "SELECT INBOX")).contains("* 0 EXISTS");
        bob.send("a3 IDLE");
        assertThat(bob.line()).isEqualTo("+ idling");

        Path pdf = dir.resolve("report.pdf");
        Files.write(pdf, "%PDF-1.4\n%\u00e2\u00e3\n".getBytes(StandardCharsets.ISO_8859_1));
        Process p = new ProcessBuilder(swaks.get().toString(), "--server", "127.0.0.1",
            "--port", Integer.toString(smtp.port(SmtpService.MTA)), "--from", "alice@crepes.fr",
            "--to", "bob@hamburger.edu", "--header", "Subject: Crêpes recipe", "--body", "See the attachment.",
            "--attach-type", "application/pdf", "--attach-name", "report.pdf", "--attach", "@" + pdf)
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        assertThat(bob.line()).isEqualTo("* 1 EXISTS");
        assertThat(bob.line()).isEqualTo("* 1 RECENT");
        bob.send("DONE");
        assertThat(bob.until("a3")).containsExactly("a3 OK IDLE terminated");
        List<String> structure = bob.command("a4", "FETCH 1 (BODYSTRUCTURE ENVELOPE)");
        assertThat(String.join("\n", structure))
            .contains("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\")")
            .containsPattern("\\(\"APPLICATION\" \"PDF\" \\(\"NAME\" \"report.pdf\"\\) NIL (NIL|\"report.pdf\") \"BASE64\" \\d+ NIL"
                + " \\(\"ATTACHMENT\" \\(\"FILENAME\" \"report.pdf\"\\)\\)")
            .contains("\"MIXED\"")
            .contains("Crêpes recipe")
            .contains("((NIL NIL \"alice\" \"crepes.fr\"))");
        List<String> attachment = bob.command("a5", "FETCH 1 BINARY.PEEK[2]");
        assertThat(attachment.get(0)).endsWith("BINARY[2] {13}"); // the file's 13 bytes, decoded from base64
      } finally {
        smtp.close();
      }
    }
  }
}
