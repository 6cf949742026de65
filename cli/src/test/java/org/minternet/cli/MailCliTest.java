package org.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MailCliTest {
  @RegisterExtension final Console console = new Console();
  @TempDir Path dir;

  /** Sends one line and returns the first reply line that starts with {@code until}. */
  private static String say(BufferedReader in, OutputStream out, String line, String until) throws Exception {
    if (line != null) {
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    for (String l; (l = in.readLine()) != null; ) if (l.startsWith(until)) return l;
    throw new AssertionError("connection closed before " + until);
  }

  @Test
  void mailServeRunsTheWholeHostFromOneStore() throws Exception {
    String banner = console.serve("mail", "serve", "--hostname", "mail.example.test", "--data", dir.toString(),
        "--smtp", "0", "--submission", "-1", "--smtps", "-1", "--pop3", "0", "--pop3s", "-1", "--imap", "0",
        "--imaps", "0", "--allow-insecure-auth", "--password-iterations", "1000",
        "--domain", "example.test", "--user", "alice@example.test:secret");
    assertThat(banner).startsWith("mail host mail.example.test serving smtp=127.0.0.1:")
        .contains(" pop3=127.0.0.1:", " imap=127.0.0.1:", " imaps=127.0.0.1:")
        .doesNotContain("submission=", "pop3s=");
    assertThat(dir.resolve("mail/mail.example.test/mail.db")).exists();
    try (Socket s = new Socket("127.0.0.1", Console.port(banner, "imap="))) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = s.getOutputStream();
      assertThat(say(in, out, null, "* OK")).contains("IMAP");
      assertThat(say(in, out, "a LOGIN alice@example.test secret", "a ")).startsWith("a OK");
    }
    try (Socket s = new Socket("127.0.0.1", Console.port(banner, "pop3="))) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = s.getOutputStream();
      say(in, out, null, "+OK");
      say(in, out, "USER alice@example.test", "+OK");
      assertThat(say(in, out, "PASS secret", "")).startsWith("+OK");
    }
    assertThat(console.stop()).isZero();
  }

  @Test
  void mailServeWithEverySmtpPortMinusOneRunsNoSmtpService() throws Exception {
    String banner = console.serve("mail", "serve", "--hostname", "mail.example.test", "--data", dir.toString(),
        "--smtp", "-1", "--submission", "-1", "--smtps", "-1", "--pop3", "-1", "--pop3s", "-1", "--imap", "0",
        "--imaps", "-1", "--allow-insecure-auth", "--password-iterations", "1000",
        "--domain", "example.test", "--user", "alice@example.test:secret");
    assertThat(banner).contains(" imap=127.0.0.1:")
        .doesNotContain("smtp=", "submission=", "smtps=", "pop3=", "pop3s=", "imaps=");
    assertThat(console.stop()).isZero();
  }

  @Test
  void mailServeRejectsAUserWithoutPassword() {
    assertThat(Main.execute("mail", "serve", "--hostname", "h.test", "--data", dir.toString(), "--user", "alice@example.test"))
        .isEqualTo(Main.USAGE);
    assertThat(console.err()).contains("--user needs ADDRESS:PASSWORD");
    assertThat(dir.resolve("mail")).doesNotExist();
  }

  @Test
  void mailListAgainstAnotherWorldsCertificateSaysWhatToDo() throws Exception {
    Path world = dir.resolve("world");
    Path other = dir.resolve("other");
    String banner = console.serve("mail", "serve", "--hostname", "mail.example.test", "--data", world.toString(),
        "--smtp", "-1", "--submission", "-1", "--smtps", "-1", "--pop3", "-1", "--pop3s", "-1", "--imap", "0",
        "--imaps", "-1", "--password-iterations", "1000", "--domain", "example.test", "--user", "alice@example.test:secret");
    String server = "127.0.0.1:" + Console.port(banner, "imap=");
    console.clear();
    assertThat(Main.execute("mail", "list", "-u", "alice@example.test", "--password", "secret", "--server", server,
        "--data", other.toString())).isEqualTo(Main.FAILED);
    assertThat(console.err()).startsWith("minternet: the server's certificate is not trusted").contains("world certificate of the data directory "
        + other, "--data", "--insecure").doesNotContain("PKIX", "sun.security");

    console.clear();
    assertThat(Main.execute("mail", "list", "-u", "alice@example.test", "--password", "secret", "--server", server,
        "--data", world.toString())).isZero();
    assertThat(console.out()).contains("INBOX is empty");

    console.clear();
    assertThat(Main.execute("mail", "list", "-u", "alice@example.test", "--password", "secret", "--server", server,
        "--data", other.toString(), "--insecure")).isZero();
    assertThat(console.out()).contains("INBOX is empty");
  }

  @Test
  void queueListOfAWrongStorePathSaysNothingIsThereAndCreatesNothing() {
    Path wrong = dir.resolve("nowhere").resolve("mail.db");
    assertThat(Main.execute("mail", "queue", "list", "--store", wrong.toString())).isEqualTo(Main.FAILED);
    assertThat(console.err()).contains("no mail store at " + wrong);
    assertThat(dir.resolve("nowhere")).doesNotExist();
    assertThat(Main.execute("mail", "user", "list", "example.test", "--host", "mail.example.test", "--data", dir.toString()))
        .isEqualTo(Main.FAILED);
    assertThat(console.err()).contains("no mail store for mail.example.test in " + dir);
    assertThat(dir.resolve("mail")).doesNotExist();
  }

  @Test
  void addingCreatesTheStoreThatReadingThenFinds() {
    Path file = dir.resolve("host").resolve("mail.db");
    assertThat(Main.execute("mail", "domain", "add", "example.test", "--store", file.toString())).isZero();
    console.clear();
    assertThat(Main.execute("mail", "domain", "list", "--store", file.toString())).isZero();
    assertThat(console.out()).contains("example.test");
    assertThat(Main.execute("mail", "queue", "list", "--store", file.toString())).isZero();
  }

  @Test
  void mailSendToAServerOfAnotherWorldSaysWhatToDoAndInsecureSends() throws Exception {
    Path world = dir.resolve("world");
    String banner = console.serve("mail", "serve", "--hostname", "mail.example.test", "--data", world.toString(),
        "--smtp", "-1", "--submission", "0", "--smtps", "-1", "--pop3", "-1", "--pop3s", "-1", "--imap", "-1",
        "--imaps", "-1", "--password-iterations", "1000", "--domain", "example.test", "--user", "alice@example.test:secret");
    String server = "127.0.0.1:" + Console.port(banner, "submission=");
    console.clear();
    assertThat(Main.execute("mail", "send", "--server", server, "--from", "alice@example.test", "--to", "alice@example.test",
        "--password", "secret", "--body", "hi", "--data", dir.resolve("other").toString())).isNotZero();
    assertThat(console.out()).contains("the server's certificate is not trusted", "--insecure").doesNotContain("PKIX");
    console.clear();
    assertThat(Main.execute("mail", "send", "--server", server, "--from", "alice@example.test", "--to", "alice@example.test",
        "--password", "secret", "--body", "hi", "--data", dir.resolve("other").toString(), "--insecure")).isZero();
    assertThat(console.out()).contains("sent to 1 recipient(s)");
  }
}
