package org.minternet.mail.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.mail.message.MimePart;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.testing.MailFixture;
import org.minternet.mail.testing.TwoDomains;
import org.minternet.testing.ExternalTool;

/** swaks and Python's smtplib against our SMTP services (skipped locally when not installed). */
class SmtpCommandLineIT {
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

  private record Result(int status, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + command);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static String tool(String name) {
    Optional<Path> p = ExternalTool.forTest(name);
    assumeTrue(p.isPresent(), name + " not installed");
    return p.get().toString();
  }

  @Test
  void swaksSubmitsWithStartTlsAuthAndAttachment() throws Exception {
    String swaks = tool("swaks");
    Path att = Files.write(dir.resolve("notes.txt"), "from swaks\n".getBytes(StandardCharsets.UTF_8));
    Result r = run(List.of(swaks, "--server", "127.0.0.1", "--port", Integer.toString(world.crepes.port(
        SmtpService.SUBMISSION)), "--from", MailFixture.ALICE, "--to", MailFixture.BOB, "--tls", "--auth", "PLAIN",
        "--auth-user", MailFixture.ALICE, "--auth-password", MailFixture.ALICE_PASSWORD, "--header",
        "Subject: swaks test", "--body", "Hello Bob", "--attach", "@" + att, "--pipeline"));
    assertThat(r.status()).as(r.output()).isZero();
    assertThat(r.output()).contains("220 2.0.0 Ready to start TLS", "235 2.7.0 Authentication successful");
    List<byte[]> bob = TwoDomains.await(world.hamburgerStore, MailFixture.BOB, "INBOX", 1);
    assertThat(bob).hasSize(1);
    MimePart m = MimePart.parse(bob.get(0));
    assertThat(m.header().get("Subject")).isEqualTo("swaks test");
    assertThat(m.children()).anySatisfy(p -> assertThat(p.filename()).isEqualTo("notes.txt"));
  }

  @Test
  void swaksWithAuthLoginOverImplicitTls() throws Exception {
    String swaks = tool("swaks");
    Result r = run(List.of(swaks, "--server", "127.0.0.1", "--port", Integer.toString(world.crepes.port(
        SmtpService.SUBMISSIONS)), "--from", MailFixture.ALICE, "--to", MailFixture.BOB, "--tlsc", "--auth", "LOGIN",
        "--auth-user", MailFixture.ALICE, "--auth-password", MailFixture.ALICE_PASSWORD));
    assertThat(r.status()).as(r.output()).isZero();
    assertThat(TwoDomains.await(world.hamburgerStore, MailFixture.BOB, "INBOX", 1)).hasSize(1);
  }

  @Test
  void swaksSeesNoOpenRelayAndNoAuthInTheClear() throws Exception {
    String swaks = tool("swaks");
    String port = Integer.toString(world.crepes.port(SmtpService.MTA));
    Result relay = run(List.of(swaks, "--server", "127.0.0.1", "--port", port, "--from", "spam@example.org",
        "--to", "victim@example.com"));
    assertThat(relay.status()).as(relay.output()).isNotZero();
    assertThat(relay.output()).contains("554 5.7.1 Relay access denied");
    Result clear = run(List.of(swaks, "--server", "127.0.0.1", "--port", Integer.toString(world.crepes.port(
        SmtpService.SUBMISSION)), "--from", MailFixture.ALICE, "--to", MailFixture.BOB, "--auth", "PLAIN",
        "--auth-user", MailFixture.ALICE, "--auth-password", MailFixture.ALICE_PASSWORD));
    assertThat(clear.status()).isNotZero();
    assertThat(world.crepesStore.queue().list()).isEmpty();
  }

  @Test
  void pythonSmtplibSubmitsAndSendsUtf8() throws Exception {
    String python = tool("python3");
    Path script = Files.writeString(dir.resolve("send.py"), """
        import smtplib, ssl, sys
        from email.message import EmailMessage
        port_starttls, port_tls = int(sys.argv[1]), int(sys.argv[2])
        ctx = ssl._create_unverified_context()
        m = EmailMessage()
        m["From"] = "alice@crepes.fr"
        m["To"] = "bob@hamburger.edu"
        m["Subject"] = "smtplib über STARTTLS"
        m.set_content("line one\\n.\\nline three\\n")
        m.add_attachment(b"\\x00\\x01binary", maintype="application", subtype="octet-stream", filename="b.bin")
        with smtplib.SMTP("127.0.0.1", port_starttls, timeout=20) as s:
            s.starttls(context=ctx)
            s.login("alice@crepes.fr", "alice-secret")
            s.send_message(m)
        m2 = EmailMessage()
        m2["From"] = "alice@crepes.fr"
        m2["To"] = "bob@hamburger.edu"
        m2["Subject"] = "smtplib über TLS"
        m2.set_content("second")
        with smtplib.SMTP_SSL("127.0.0.1", port_tls, context=ctx, timeout=20) as s:
            s.login("alice@crepes.fr", "alice-secret")
            s.send_message(m2, mail_options=["SMTPUTF8"])
        print("OK")
        """);
    List<String> cmd = new ArrayList<>(List.of(python, script.toString(),
        Integer.toString(world.crepes.port(SmtpService.SUBMISSION)),
        Integer.toString(world.crepes.port(SmtpService.SUBMISSIONS))));
    Result r = run(cmd);
    assertThat(r.status()).as(r.output()).isZero();
    List<byte[]> bob = TwoDomains.await(world.hamburgerStore, MailFixture.BOB, "INBOX", 2);
    assertThat(bob).hasSize(2);
    List<String> subjects = bob.stream().map(b -> MimePart.parse(b).header().first("Subject").orElseThrow()
        .decodedValue()).toList();
    assertThat(subjects).containsExactlyInAnyOrder("smtplib über STARTTLS", "smtplib über TLS");
    MimePart first = MimePart.parse(bob.stream().filter(b -> new String(b, StandardCharsets.UTF_8)
        .contains("b.bin")).findFirst().orElseThrow());
    assertThat(first.children().get(0).text()).isEqualTo("line one\r\n.\r\nline three\r\n");
    assertThat(first.children().get(1).decodedBody()).startsWith(0, 1);
  }
}
