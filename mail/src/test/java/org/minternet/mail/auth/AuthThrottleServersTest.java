package org.minternet.mail.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minternet.mail.MailServer;
import org.minternet.mail.imap.ImapService;
import org.minternet.mail.pop3.Pop3Service;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.testing.MailFixture;

/**
 * One throttle shared by a host's SMTP submission, POP3 and IMAP (one {@link MailServer}): after the ceiling of failures
 * from 127.0.0.1 the right password from there gets each protocol's temporary error, while a
 * client from 127.0.0.2 still logs in.
 */
class AuthThrottleServersTest {
  private static final String USER = MailFixture.ALICE;
  private static final String RIGHT = MailFixture.ALICE_PASSWORD;
  private static final String WRONG = "guess";

  private MailStore store;
  private MailServer mail;

  @BeforeEach
  void start() throws IOException {
    store = MailFixture.store();
    AuthThrottle throttle = AuthThrottle.builder().threshold(2).ceiling(3)
        .delays(Duration.ZERO, Duration.ZERO).build();
    mail = MailServer.builder("mail.crepes.fr", store).allowInsecureAuth(true).authThrottle(throttle)
        .port(SmtpService.SUBMISSION, 0).port(Pop3Service.POP3, 0).port(ImapService.IMAP, 0).build();
    mail.start();
    assertThat(mail.authThrottle()).isSameAs(throttle);
  }

  @AfterEach
  void stop() {
    mail.close();
    store.close();
  }

  @Test
  void smtpAuthIsRefusedWith454AfterTheCeilingAndAnotherAddressStillLogsIn() throws Exception {
    for (int i = 0; i < 3; i++) assertThat(smtp("127.0.0.1", WRONG)).startsWith("535 5.7.8");
    assertThat(smtp("127.0.0.1", RIGHT)).startsWith("454 4.7.0");
    assertThat(smtp("127.0.0.2", RIGHT)).startsWith("235 2.7.0");
  }

  @Test
  void pop3IsRefusedWithSysTempAfterTheCeilingAndAnotherAddressStillLogsIn() throws Exception {
    for (int i = 0; i < 3; i++) assertThat(pop3("127.0.0.1", WRONG)).startsWith("-ERR [AUTH]");
    assertThat(pop3("127.0.0.1", RIGHT)).startsWith("-ERR [SYS/TEMP]");
    assertThat(pop3("127.0.0.2", RIGHT)).startsWith("+OK");
  }

  @Test
  void imapIsRefusedWithUnavailableAfterTheCeilingAndAnotherAddressStillLogsIn() throws Exception {
    for (int i = 0; i < 3; i++) assertThat(imap("127.0.0.1", WRONG)).startsWith("a NO [AUTHENTICATIONFAILED]");
    assertThat(imap("127.0.0.1", RIGHT)).startsWith("a NO [UNAVAILABLE]");
    assertThat(imap("127.0.0.2", RIGHT)).startsWith("a OK");
  }

  @Test
  void failuresOnEachProtocolCountForTheOthers() throws Exception {
    assertThat(smtp("127.0.0.1", WRONG)).startsWith("535");
    assertThat(pop3("127.0.0.1", WRONG)).startsWith("-ERR [AUTH]");
    assertThat(imap("127.0.0.1", WRONG)).startsWith("a NO [AUTHENTICATIONFAILED]");
    assertThat(smtp("127.0.0.1", RIGHT)).startsWith("454 4.7.0");
    assertThat(pop3("127.0.0.1", RIGHT)).startsWith("-ERR [SYS/TEMP]");
    assertThat(imap("127.0.0.1", RIGHT)).startsWith("a NO [UNAVAILABLE]");
  }

  @Test
  void aSuccessBelowTheCeilingResetsTheCount() throws Exception {
    assertThat(imap("127.0.0.1", WRONG)).startsWith("a NO");
    assertThat(pop3("127.0.0.1", WRONG)).startsWith("-ERR [AUTH]");
    assertThat(smtp("127.0.0.1", RIGHT)).startsWith("235");
    assertThat(imap("127.0.0.1", WRONG)).startsWith("a NO [AUTHENTICATIONFAILED]");
    assertThat(pop3("127.0.0.1", WRONG)).startsWith("-ERR [AUTH]");
    assertThat(imap("127.0.0.1", RIGHT)).startsWith("a OK");
  }

  /** Submission: EHLO then AUTH PLAIN with an initial response; returns the reply to AUTH. */
  private String smtp(String from, String password) throws IOException {
    try (Peer p = new Peer(from, mail.port(SmtpService.SUBMISSION))) {
      assertThat(p.line()).startsWith("220 ");
      p.send("EHLO client.test");
      while (!p.line().startsWith("250 ")) {
        // the EHLO keywords
      }
      p.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + USER + "\0" + password)
          .getBytes(StandardCharsets.UTF_8)));
      return p.line();
    }
  }

  /** USER and PASS; returns the reply to PASS. */
  private String pop3(String from, String password) throws IOException {
    try (Peer p = new Peer(from, mail.port(Pop3Service.POP3))) {
      assertThat(p.line()).startsWith("+OK");
      p.send("USER " + USER);
      assertThat(p.line()).startsWith("+OK");
      p.send("PASS " + password);
      return p.line();
    }
  }

  /** LOGIN; returns the tagged reply. */
  private String imap(String from, String password) throws IOException {
    try (Peer p = new Peer(from, mail.port(ImapService.IMAP))) {
      assertThat(p.line()).startsWith("* OK");
      p.send("a LOGIN " + USER + " " + password);
      for (String line; (line = p.line()) != null; ) {
        if (line.startsWith("a ")) return line;
      }
      throw new IOException("no tagged reply");
    }
  }

  /** A raw client from a chosen loopback address. */
  private static final class Peer implements AutoCloseable {
    private final Socket socket = new Socket();
    private final BufferedReader in;
    private final OutputStream out;

    Peer(String from, int port) throws IOException {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      socket.setSoTimeout(20_000);
      in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = socket.getOutputStream();
    }

    String line() throws IOException {
      return in.readLine();
    }

    void send(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
