package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.tls.TlsContexts;

/** TLS (STARTTLS and implicit), plaintext login refusal, and limits against hostile clients. */
class ImapSecurityTest {
  @TempDir
  Path dir;

  @Test
  void loginNeedsTlsUnlessAllowed() throws Exception {
    SSLContext server = TlsContexts.selfSigned(dir, List.of("mail.hamburger.edu"));
    try (ImapTestServer t = new ImapTestServer(server, false); RawImapClient c = new RawImapClient(t.port())) {
      assertThat(c.line()).contains("STARTTLS").contains("LOGINDISABLED").doesNotContain("AUTH=PLAIN");
      assertThat(c.command("a1", "LOGIN bob@hamburger.edu bob-secret")).last().asString()
          .isEqualTo("a1 NO [PRIVACYREQUIRED] Use STARTTLS first");
      assertThat(c.command("a2", "AUTHENTICATE PLAIN AGJvYkBoYW1idXJnZXIuZWR1AGJvYi1zZWNyZXQ=")).last()
          .asString().isEqualTo("a2 NO [PRIVACYREQUIRED] Use STARTTLS first");
      assertThat(c.command("a3", "STARTTLS")).containsExactly("a3 OK Begin TLS negotiation now");
      SSLSocket tls = (SSLSocket) TlsContexts.opportunistic().getSocketFactory()
          .createSocket(c.socket, "mail.hamburger.edu", t.port(), true);
      tls.setUseClientMode(true);
      tls.startHandshake();
      try (RawImapClient s = new RawImapClient(tls)) {
        List<String> caps = s.command("b1", "CAPABILITY");
        assertThat(caps.get(0)).contains("AUTH=PLAIN").doesNotContain("STARTTLS").doesNotContain("LOGINDISABLED");
        assertThat(s.command("b2", "STARTTLS")).last().asString().startsWith("b2 BAD");
        assertThat(s.command("b3", "LOGIN bob@hamburger.edu bob-secret")).last().asString().startsWith("b3 OK");
      }
    }
  }

  @Test
  void implicitTlsPort() throws Exception {
    SSLContext server = TlsContexts.selfSigned(dir, List.of("mail.hamburger.edu"));
    try (ImapTestServer t = new ImapTestServer(server, false)) {
      SSLSocket tls = (SSLSocket) TlsContexts.opportunistic().getSocketFactory()
          .createSocket("127.0.0.1", t.server.endpoint("imaps").port());
      tls.startHandshake();
      try (RawImapClient s = new RawImapClient(tls)) {
        assertThat(s.line()).startsWith("* OK [CAPABILITY").contains("AUTH=PLAIN").doesNotContain("STARTTLS");
        assertThat(s.command("a1", "AUTHENTICATE PLAIN AGJvYkBoYW1idXJnZXIuZWR1AGJvYi1zZWNyZXQ=")).last()
            .asString().startsWith("a1 OK");
      }
    }
  }

  @Test
  void overLongLineIsRefusedAndTheSessionContinues() throws Exception {
    try (ImapTestServer t = new ImapTestServer(); RawImapClient c = new RawImapClient(t.port())) {
      c.line();
      c.send("a1 NOOP " + "x".repeat(100_000));
      assertThat(c.line()).isEqualTo("* BAD Line too long");
      assertThat(c.command("a2", "NOOP")).containsExactly("a2 OK NOOP completed");
    }
  }

  @Test
  void hugeNonSynchronisingLiteralClosesTheConnectionWithoutReadingIt() throws Exception {
    try (ImapTestServer t = new ImapTestServer(); RawImapClient c = new RawImapClient(t.port())) {
      c.line();
      c.command("a1", "LOGIN bob@hamburger.edu bob-secret");
      c.send("a2 APPEND INBOX {999999999+}");
      assertThat(c.line()).isEqualTo("a2 BAD [TOOBIG] Literal too large");
      assertThat(c.line()).startsWith("* BYE");
      assertThat(c.line()).isNull();
    }
  }

  @Test
  void smallRefusedNonSynchronisingLiteralIsSkipped() throws Exception {
    try (ImapTestServer t = new ImapTestServer(); RawImapClient c = new RawImapClient(t.port())) {
      c.line();
      c.command("a1", "LOGIN bob@hamburger.edu bob-secret");
      c.send("a2 APPEND Nowhere {13+}");
      c.send("a3 NOOP xxx"); // the literal, not a command
      c.send("");
      assertThat(c.command("a4", "NOOP")).containsExactly("a2 NO [TRYCREATE] No such mailbox",
          "a4 OK NOOP completed");
    }
  }

  @Test
  void unauthenticatedFloodIsCut() throws Exception {
    try (ImapTestServer t = new ImapTestServer(); RawImapClient c = new RawImapClient(t.port())) {
      c.line();
      StringBuilder flood = new StringBuilder();
      for (int i = 0; i < 100; i++) flood.append("f").append(i).append(" NOOP\r\n");
      c.sendRaw(flood.toString().getBytes());
      String last = null;
      for (String l; (l = c.line()) != null; ) last = l;
      assertThat(last).isEqualTo("* BYE Too many commands without logging in");
    }
  }

  @Test
  void repeatedLoginFailuresEndTheConnection() throws Exception {
    try (ImapTestServer t = new ImapTestServer(); RawImapClient c = new RawImapClient(t.port())) {
      c.line();
      c.command("a1", "LOGIN bob@hamburger.edu x");
      c.command("a2", "LOGIN bob@hamburger.edu y");
      c.send("a3 LOGIN bob@hamburger.edu z");
      assertThat(c.line()).isEqualTo("* BYE Too many failed logins");
      assertThat(c.line()).isEqualTo("a3 NO [AUTHENTICATIONFAILED] Invalid credentials");
      assertThat(c.line()).isNull();
    }
  }

  @Test
  void deeplyNestedMessageHasABoundedBodyStructure() throws Exception {
    try (ImapTestServer t = new ImapTestServer(); RawImapClient c = new RawImapClient(t.port())) {
      StringBuilder m = new StringBuilder();
      for (int i = 0; i < 200; i++) {
        m.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("\"\n\n--b").append(i).append('\n');
      }
      m.append("Content-Type: text/plain\n\nleaf\n");
      t.append("INBOX", m.toString());
      c.line();
      c.command("a1", "LOGIN bob@hamburger.edu bob-secret");
      c.command("a2", "SELECT INBOX");
      List<String> r = c.command("a3", "FETCH 1 BODYSTRUCTURE");
      assertThat(r).last().asString().isEqualTo("a3 OK FETCH completed");
      long depth = r.get(0).chars().filter(ch -> ch == '(').count();
      assertThat(depth).isBetween(32L, 200L);
    }
  }
}
