package org.minternet.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.testing.MailFixture;
import org.minternet.mail.testing.TwoDomains;

/** Hostile clients get their errors while the server keeps serving everyone else. */
class SmtpHostileInputTest {
  private MailStore store;
  private SmtpServer server;

  @BeforeEach
  void start() throws Exception {
    store = MailFixture.store();
    server = SmtpServer.builder(new SmtpConfig("mail.hamburger.edu", store, null, 64 * 1024, 100, false, null,
        Duration.ofSeconds(30), null)).build();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private Socket open() throws Exception {
    Socket s = new Socket();
    s.connect(new InetSocketAddress("127.0.0.1", server.port(SmtpService.MTA)), 5000);
    s.setSoTimeout(20_000);
    return s;
  }

  private static String readLine(InputStream in) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') return sb.toString().stripTrailing();
      sb.append((char) b);
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  private void goodTransaction() throws Exception {
    try (SmtpClient c = SmtpClient.connect(new InetSocketAddress("127.0.0.1", server.port(SmtpService.MTA)), "x",
        null, Duration.ofSeconds(20), null)) {
      assertThat(c.greeting().code()).isEqualTo(220);
      c.ehlo("good.test");
      assertThat(c.mail("a@example.org", null).code()).isEqualTo(250);
      assertThat(c.rcpt(MailFixture.BOB, null).code()).isEqualTo(250);
      assertThat(c.data("Subject: fine\r\n\r\nok\r\n".getBytes(StandardCharsets.US_ASCII)).code()).isEqualTo(250);
      c.quit();
    }
  }

  @Test
  void endlessDataIsDiscardedBeyondTheLimitWhileOthersAreServed() throws Exception {
    try (Socket evil = open()) {
      InputStream in = evil.getInputStream();
      OutputStream out = evil.getOutputStream();
      readLine(in);
      out.write("HELO evil\r\nMAIL FROM:<e@example.org>\r\nRCPT TO:<bob@hamburger.edu>\r\nDATA\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 4; i++) readLine(in);
      byte[] junk = ("x".repeat(998) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 1000; i++) out.write(junk); // ~1 MB, far over the 64 KiB limit, no end
      out.flush();
      goodTransaction(); // served meanwhile
      out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readLine(in)).startsWith("552 5.3.4");
    }
    assertThat(TwoDomains.folder(store, MailFixture.BOB, "INBOX")).hasSize(1);
  }

  @Test
  void aLineWithoutEndClosesOnlyThatConnection() throws Exception {
    try (Socket evil = open()) {
      InputStream in = evil.getInputStream();
      OutputStream out = evil.getOutputStream();
      readLine(in);
      byte[] chunk = "A".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
      try {
        for (int i = 0; i < 40; i++) out.write(chunk); // 2.5 MB without a line end
        out.flush();
      } catch (java.io.IOException closedByServer) {
        // expected once the server gives up on the line
      }
      String reply = readLine(in);
      assertThat(reply).isEqualTo("500 5.5.6 Line too long");
      assertThat(readLine(in)).isNull();
    } catch (java.net.SocketException reset) {
      // the server closed while data was still arriving: also a refusal
    }
    goodTransaction();
  }

  @Test
  void commandFloodsAreCutOff() throws Exception {
    try (Socket evil = open()) {
      InputStream in = evil.getInputStream();
      OutputStream out = evil.getOutputStream();
      readLine(in);
      out.write("RCPT TO:<x@y>\r\n".repeat(100).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      int replies = 0;
      String last = null;
      for (String l; (l = readLine(in)) != null; ) {
        replies++;
        last = l;
      }
      assertThat(replies).isEqualTo(21);
      assertThat(last).startsWith("421 4.7.0");
    }
    goodTransaction();
  }

  @Test
  void implicitTlsNeedsACertificate() {
    SmtpServer s = SmtpServer.builder(SmtpConfig.of("x", store, null)).port(SmtpService.SUBMISSIONS, 0).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
    assertThat(List.of(SmtpService.values())).extracting(SmtpService::serviceName)
        .containsExactly("smtp", "submission", "submissions");
  }
}
