package org.minternet.mail.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.mail.MailSend;
import org.minternet.mail.message.MimePart;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.testing.MailFixture;
import org.minternet.mail.testing.TwoDomains;

/** Alice's user agent submits to mail.crepes.fr, whose queue relays to Bob's server. */
class MailSendTest {
  @TempDir
  Path dir;
  private TwoDomains world;

  @BeforeEach
  void start() throws Exception {
    world = new TwoDomains(dir);
  }

  @AfterEach
  void stop() {
    world.close();
  }

  private MailSend.Options options(MailSend.Security security, int port, List<Path> attachments, String password) {
    return new MailSend.Options("127.0.0.1", port, security, world.clientTrust, MailFixture.ALICE, password,
        "Alice <alice@crepes.fr>", List.of("Bob <bob@hamburger.edu>"), List.of(), List.of("alice@crepes.fr"),
        "Crêpes ce soir", "Salut Bob,\n\nà ce soir !\n", attachments, Duration.ofSeconds(20), world.crepesStore,
        null);
  }

  @Test
  void aliceToBobOverStartTlsWithAttachmentAndSentCopy() throws Exception {
    Path att = Files.write(dir.resolve("menu.txt"), "galette\n".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int status = MailSend.run(options(MailSend.Security.STARTTLS, world.crepes.port(SmtpService.SUBMISSION),
        List.of(att), MailFixture.ALICE_PASSWORD), new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(status).as(buf.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("sent to 2 recipient(s)", "copy saved in Sent");
    List<byte[]> bob = TwoDomains.await(world.hamburgerStore, MailFixture.BOB, "INBOX", 1);
    assertThat(bob).hasSize(1);
    MimePart m = MimePart.parse(bob.get(0));
    assertThat(m.header().all("Received")).hasSize(2); // submission hop and relay hop
    assertThat(m.header().all("Received").get(0).value()).contains("by mail.hamburger.edu", "with ESMTPS");
    assertThat(m.header().all("Received").get(1).value()).contains("by mail.crepes.fr", "with ESMTPSA");
    assertThat(m.header().first("Subject").orElseThrow().decodedValue()).isEqualTo("Crêpes ce soir");
    assertThat(m.header().get("Bcc")).isNull();
    assertThat(m.children()).hasSize(2);
    assertThat(m.children().get(0).text()).isEqualTo("Salut Bob,\r\n\r\nà ce soir !\r\n");
    assertThat(m.children().get(1).filename()).isEqualTo("menu.txt");
    // the Bcc copy to herself and the Sent copy
    assertThat(TwoDomains.await(world.crepesStore, MailFixture.ALICE, "INBOX", 1)).hasSize(1);
    assertThat(TwoDomains.folder(world.crepesStore, MailFixture.ALICE, "Sent")).hasSize(1);
  }

  @Test
  void implicitTlsSubmission() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int status = MailSend.run(options(MailSend.Security.TLS, world.crepes.port(SmtpService.SUBMISSIONS), List.of(),
        MailFixture.ALICE_PASSWORD), new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(status).as(buf.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(TwoDomains.await(world.hamburgerStore, MailFixture.BOB, "INBOX", 1)).hasSize(1);
  }

  @Test
  void wrongPasswordIsReportedAndNothingIsSent() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int status = MailSend.run(options(MailSend.Security.STARTTLS, world.crepes.port(SmtpService.SUBMISSION),
        List.of(), "wrong"), new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("not sent: AUTH: 535 5.7.8");
    assertThat(TwoDomains.folder(world.crepesStore, MailFixture.ALICE, "Sent")).isEmpty();
    assertThat(world.crepesStore.queue().list()).isEmpty();
  }

  @Test
  void submissionWithoutTlsRefusesAuth() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int status = MailSend.run(options(MailSend.Security.NONE, world.crepes.port(SmtpService.SUBMISSION), List.of(),
        MailFixture.ALICE_PASSWORD), new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("the server offers no AUTH here");
  }
}
