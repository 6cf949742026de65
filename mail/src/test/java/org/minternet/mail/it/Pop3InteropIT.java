package org.minternet.mail.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
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

/** Jakarta Mail's POP3 provider and Python's poplib reading Bob's mail (USER/PASS, AUTH PLAIN, APOP). */
class Pop3InteropIT {
  @TempDir
  Path dir;
  private TwoDomains world;

  @BeforeEach
  void start() throws Exception {
    world = new TwoDomains(dir);
    for (int i = 1; i <= 3; i++) {
      world.hamburgerStore.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of(MailFixture.BOB)),
          ("Subject: message " + i + "\r\n\r\n.line " + i + "\r\n").getBytes(StandardCharsets.US_ASCII), null, null));
    }
  }

  @AfterEach
  void stop() {
    world.close();
  }

  private Store store(String protocol, int port, boolean startTls) throws Exception {
    return store(protocol, port, startTls, false, MailFixture.BOB_PASSWORD);
  }

  private Store store(String protocol, int port, boolean startTls, boolean apop, String password) throws Exception {
    Properties p = new Properties();
    p.put("mail." + protocol + ".apop.enable", Boolean.toString(apop));
    String pre = "mail." + protocol + ".";
    p.put(pre + "ssl.trust", "*");
    p.put(pre + "ssl.checkserveridentity", "false");
    p.put(pre + "starttls.enable", Boolean.toString(startTls));
    p.put(pre + "starttls.required", Boolean.toString(startTls));
    p.put(pre + "timeout", "10000");
    Store s = Session.getInstance(p).getStore(protocol);
    s.connect("127.0.0.1", port, MailFixture.BOB, password);
    return s;
  }

  @Test
  void angusReadsOverStlsAndDeletesOverPop3s() throws Exception {
    Store keep = store("pop3", world.hamburger.port(Pop3Service.POP3), true);
    Folder inbox = keep.getFolder("INBOX");
    inbox.open(Folder.READ_ONLY);
    assertThat(inbox.getMessageCount()).isEqualTo(3);
    Message first = inbox.getMessage(1);
    assertThat(first.getSubject()).isEqualTo("message 1");
    assertThat(((String) first.getContent())).isEqualTo(".line 1\r\n");
    String uid = ((org.eclipse.angus.mail.pop3.POP3Folder) inbox).getUID(first);
    inbox.close(false);
    keep.close();

    Store del = store("pop3s", world.hamburger.port(Pop3Service.POP3S), false);
    Folder f = del.getFolder("INBOX");
    f.open(Folder.READ_WRITE);
    assertThat(((org.eclipse.angus.mail.pop3.POP3Folder) f).getUID(f.getMessage(1))).isEqualTo(uid);
    f.getMessage(1).setFlag(Flags.Flag.DELETED, true);
    f.close(true); // QUIT: the update state removes it
    del.close();
    assertThat(TwoDomains.folder(world.hamburgerStore, MailFixture.BOB, "INBOX")).hasSize(2);
  }

  @Test
  void angusLogsInWithApop() throws Exception {
    world.hamburgerStore.accounts().setApopSecret(MailFixture.BOB, "bob-pop-only");
    Store s = store("pop3", world.hamburger.port(Pop3Service.POP3), false, true, "bob-pop-only");
    Folder inbox = s.getFolder("INBOX");
    inbox.open(Folder.READ_ONLY);
    assertThat(inbox.getMessageCount()).isEqualTo(3);
    assertThat(inbox.getMessage(3).getSubject()).isEqualTo("message 3");
    inbox.close(false);
    s.close();
    // with APOP enabled, Angus Mail uses APOP when the greeting has a timestamp: the login
    // password is then refused
    assertThatThrownBy(() -> store("pop3", world.hamburger.port(Pop3Service.POP3), false, true,
        MailFixture.BOB_PASSWORD)).isInstanceOf(jakarta.mail.AuthenticationFailedException.class)
        .hasMessageContaining("[AUTH] Authentication failed");
  }

  @Test
  void pythonPoplibApop() throws Exception {
    Optional<Path> python = ExternalTool.forTest("python3");
    assumeTrue(python.isPresent(), "python3 not installed");
    world.hamburgerStore.accounts().setApopSecret(MailFixture.BOB, "bob-pop-only");
    Path script = Files.writeString(dir.resolve("apop.py"), """
        import poplib, sys
        p = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=20)
        try:
            p.apop("bob@hamburger.edu", "bob-secret")
            raise SystemExit("the login password worked for APOP")
        except poplib.error_proto as e:
            assert b"[AUTH]" in e.args[0], e
        p.apop("bob@hamburger.edu", "bob-pop-only")
        count, size = p.stat()
        lines = p.retr(2)[1]
        assert lines[-1] == b".line 2", lines
        p.dele(1)
        p.quit()
        print(count)
        """);
    Process p = new ProcessBuilder(python.get().toString(), script.toString(),
        Integer.toString(world.hamburger.port(Pop3Service.POP3))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.trim()).isEqualTo("3");
    assertThat(TwoDomains.folder(world.hamburgerStore, MailFixture.BOB, "INBOX")).hasSize(2);
  }

  @Test
  void pythonPoplibKeepsThenDeletes() throws Exception {
    Optional<Path> python = ExternalTool.forTest("python3");
    assumeTrue(python.isPresent(), "python3 not installed");
    Path script = Files.writeString(dir.resolve("pop.py"), """
        import poplib, ssl, sys
        ctx = ssl._create_unverified_context()
        p = poplib.POP3("127.0.0.1", int(sys.argv[1]), timeout=20)
        p.stls(context=ctx)
        p.user("bob@hamburger.edu"); p.pass_("bob-secret")
        count, size = p.stat()
        uids = [l.split()[1] for l in p.uidl()[1]]
        lines = p.retr(1)[1]
        assert lines[-1] == b".line 1", lines
        p.quit()                       # download and keep
        s = poplib.POP3_SSL("127.0.0.1", int(sys.argv[2]), context=ctx, timeout=20)
        s.user("bob@hamburger.edu"); s.pass_("bob-secret")
        assert [l.split()[1] for l in s.uidl()[1]] == uids
        for i in range(1, count + 1):
            s.retr(i); s.dele(i)       # download and delete
        s.quit()
        print(count, len(set(uids)))
        """);
    Process p = new ProcessBuilder(python.get().toString(), script.toString(),
        Integer.toString(world.hamburger.port(Pop3Service.POP3)),
        Integer.toString(world.hamburger.port(Pop3Service.POP3S))).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.trim()).isEqualTo("3 3");
    assertThat(TwoDomains.folder(world.hamburgerStore, MailFixture.BOB, "INBOX")).isEmpty();
  }
}
