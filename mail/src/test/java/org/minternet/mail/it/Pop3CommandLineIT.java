package org.minternet.mail.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.mail.pop3.Pop3Service;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.Recipient;
import org.minternet.mail.testing.MailFixture;
import org.minternet.mail.testing.TwoDomains;
import org.minternet.testing.ExternalTool;

/** fetchmail and getmail6 in both POP3 modes: download and keep, then download and delete. */
class Pop3CommandLineIT {
  @TempDir
  Path dir;
  private TwoDomains world;

  @BeforeEach
  void start() throws Exception {
    world = new TwoDomains(dir);
    for (int i = 1; i <= 2; i++) {
      world.hamburgerStore.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of(MailFixture.BOB)),
          ("From: alice@crepes.fr\r\nSubject: pop " + i + "\r\n\r\n.dot " + i + "\r\n").getBytes(StandardCharsets.US_ASCII),
          null, null));
    }
  }

  @AfterEach
  void stop() {
    world.close();
  }

  private static String tool(String name) {
    Optional<Path> p = ExternalTool.forTest(name);
    assumeTrue(p.isPresent(), name + " not installed");
    return p.get().toString();
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private int inbox() {
    return TwoDomains.folder(world.hamburgerStore, MailFixture.BOB, "INBOX").size();
  }

  @Test
  void fetchmailKeepsThenDeletes() throws Exception {
    String fetchmail = tool("fetchmail");
    Path out = dir.resolve("fetched");
    int port = world.hamburger.port(Pop3Service.POP3S);
    for (String mode : List.of("keep", "nokeep")) {
      Path rc = dir.resolve("fetchmailrc-" + mode);
      Files.writeString(rc, "set no syslog\n"
          + "poll 127.0.0.1 with proto POP3 port " + port + " uidl\n"
          + "  user \"bob@hamburger.edu\" there with password \"bob-secret\" is \"root\" here\n"
          + "  options ssl no sslcertck fetchall " + mode + "\n"
          + "  mda \"/bin/sh -c 'cat >> " + out + "'\"\n");
      Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
      run(List.of(fetchmail, "-f", rc.toString(), "--nosyslog", "-i", dir.resolve("fetchids").toString()));
      assertThat(inbox()).isEqualTo(mode.equals("keep") ? 2 : 0);
    }
    String fetched = Files.readString(out);
    // twice each message: once kept, once fetched and deleted; dot-unstuffed back to the original
    assertThat(fetched.split("Subject: pop 1", -1)).hasSize(3);
    assertThat(fetched).contains("\n.dot 2").doesNotContain("..dot");
  }

  /**
   * fetchmail's {@code protocol APOP} with Bob's APOP secret: first without TLS (APOP never sends
   * the secret) keeping the mail, then over POP3S deleting it. His login password does not work.
   */
  @Test
  void fetchmailWithApop() throws Exception {
    String fetchmail = tool("fetchmail");
    world.hamburgerStore.accounts().setApopSecret(MailFixture.BOB, "bob-pop-only");
    Path out = dir.resolve("fetched");
    int pop3 = world.hamburger.port(Pop3Service.POP3);
    int pop3s = world.hamburger.port(Pop3Service.POP3S);
    String[][] runs = {
        {"wrong", "port " + pop3, MailFixture.BOB_PASSWORD, "sslproto '' keep"},
        {"keep", "port " + pop3, "bob-pop-only", "sslproto '' keep"},
        {"nokeep", "port " + pop3s, "bob-pop-only", "ssl no sslcertck nokeep"}};
    for (String[] r : runs) {
      Path rc = dir.resolve("fetchmailrc-apop-" + r[0]);
      Files.writeString(rc, "set no syslog\n"
          + "poll 127.0.0.1 with proto APOP " + r[1] + " uidl\n"
          + "  user \"bob@hamburger.edu\" there with password \"" + r[2] + "\" is \"root\" here\n"
          + "  options fetchall " + r[3] + "\n"
          + "  mda \"/bin/sh -c 'cat >> " + out + "'\"\n");
      Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
      List<String> command = List.of(fetchmail, "-v", "-f", rc.toString(), "--nosyslog", "-i",
          dir.resolve("fetchids-apop").toString());
      if (r[0].equals("wrong")) {
        // fetchmail's exit status 3: authentication failed
        assertThat(exitStatus(command)).isEqualTo(3);
        assertThat(out).doesNotExist();
        continue;
      }
      String log = run(command);
      assertThat(log).containsPattern("POP3> APOP bob@hamburger\\.edu [0-9a-f]{32}\n")
          .contains("POP3< +OK bob@hamburger.edu's maildrop has 2 messages");
      if (r[0].equals("keep")) assertThat(log).doesNotContain("POP3> STLS");
      assertThat(inbox()).isEqualTo(r[0].equals("keep") ? 2 : 0);
    }
    String fetched = Files.readString(out);
    assertThat(fetched.split("Subject: pop 1", -1)).hasSize(3);
    assertThat(fetched).contains("\n.dot 2").doesNotContain("..dot");
  }

  private static int exitStatus(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  @Test
  void getmailKeepsThenDeletes() throws Exception {
    String getmail = tool("getmail");
    Path maildir = dir.resolve("Maildir");
    for (String sub : List.of("new", "cur", "tmp")) Files.createDirectories(maildir.resolve(sub));
    // getmail refuses to deliver as root: then it delivers as nobody, who must reach the Maildir
    boolean root = "root".equals(System.getProperty("user.name"));
    String asUser = "";
    if (root) {
      asUser = "user = nobody\n";
      for (Path d = dir; d != null && !d.toString().equals(System.getProperty("java.io.tmpdir")); d = d.getParent()) {
        if (d.startsWith(System.getProperty("java.io.tmpdir"))) {
          Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
      run(List.of("chown", "-R", "nobody", maildir.toString()));
    }
    int port = world.hamburger.port(Pop3Service.POP3S);
    for (boolean delete : List.of(false, true)) {
      Path rc = dir.resolve("getmailrc-" + delete);
      Files.writeString(rc, "[retriever]\ntype = SimplePOP3SSLRetriever\nserver = 127.0.0.1\nport = " + port
          + "\nusername = bob@hamburger.edu\npassword = bob-secret\n\n[destination]\ntype = Maildir\npath = "
          + maildir + "/\n" + asUser + "\n[options]\nread_all = true\ndelete = " + delete + "\nverbose = 1\n");
      run(List.of(getmail, "--rcfile", rc.toString(), "--getmaildir", dir.toString()));
      assertThat(inbox()).isEqualTo(delete ? 0 : 2);
    }
    try (Stream<Path> s = Files.list(maildir.resolve("new"))) {
      List<String> got = s.map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
      assertThat(got).hasSize(4).allMatch(m -> m.contains("Subject: pop ")).noneMatch(m -> m.contains("..dot"));
    }
  }
}
