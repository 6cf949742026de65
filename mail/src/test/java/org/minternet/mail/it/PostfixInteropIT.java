package org.minternet.mail.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.naming.MailExchanger;
import org.minternet.core.tls.TlsContexts;
import org.minternet.mail.queue.QueueConfig;
import org.minternet.mail.queue.QueueRunner;
import org.minternet.mail.smtp.SmtpClient;
import org.minternet.mail.smtp.SmtpConfig;
import org.minternet.mail.smtp.SmtpServer;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.Recipient;
import org.minternet.mail.testing.FakeResolver;
import org.minternet.mail.testing.MailFixture;
import org.minternet.mail.testing.TwoDomains;
import org.minternet.testing.ExternalTool;

/** Postfix as the receiving server of our queue, and Postfix relaying to our server. */
class PostfixInteropIT {
  @TempDir
  Path dir;
  private MailStore store;
  private SmtpServer server;
  private PrivatePostfix postfix;

  @BeforeEach
  void start() throws Exception {
    boolean present = ExternalTool.forTest("postfix").isPresent();
    assumeTrue(present && PrivatePostfix.available(), "postfix not installed or not root");
    store = MailFixture.store();
    server = SmtpServer.builder(SmtpConfig.of("mail.crepes.fr", store,
        TlsContexts.selfSigned(dir.resolve("tls"), List.of("mail.crepes.fr")))).port(SmtpService.MTA, 0).build();
    server.start();
    postfix = new PrivatePostfix(dir.resolve("postfix"), "crepes.fr", server.port(SmtpService.MTA));
  }

  @AfterEach
  void stop() throws Exception {
    if (postfix != null) postfix.close();
    if (server != null) server.close();
    if (store != null) store.close();
  }

  @Test
  void ourQueueDeliversToPostfix() throws Exception {
    store.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of("bob@postfix.test")),
        "From: alice@crepes.fr\r\nSubject: to postfix\r\n\r\n.dot line\r\nbody\r\n".getBytes(StandardCharsets.UTF_8),
        null, null));
    FakeResolver resolver = new FakeResolver().mx("postfix.test", new MailExchanger(10, "mail.postfix.test"))
        .host("mail.postfix.test", "127.0.0.1");
    QueueRunner q = new QueueRunner(store, QueueConfig.of("mail.crepes.fr", resolver).withRemotePort(postfix.port));
    assertThat(q.runOnce()).isEqualTo(1);
    assertThat(store.queue().list()).as(postfix.log()).isEmpty();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (postfix.maildir().isEmpty() && System.nanoTime() < deadline) Thread.sleep(100);
    List<String> got = postfix.maildir();
    assertThat(got).as(postfix.log()).hasSize(1);
    assertThat(got.get(0)).contains("Subject: to postfix", "by mail.postfix.test").contains("\n.dot line\n");
  }

  @Test
  void postfixRelaysToUs() throws Exception {
    try (SmtpClient c = SmtpClient.connect(new InetSocketAddress("127.0.0.1", postfix.port), "mail.postfix.test",
        null, Duration.ofSeconds(20), null)) {
      assertThat(c.greeting().code()).isEqualTo(220);
      assertThat(c.ehlo("client.test").code()).isEqualTo(250);
      assertThat(c.mail("carol@postfix.test", null).code()).isEqualTo(250);
      assertThat(c.rcpt(MailFixture.ALICE, null).code()).isEqualTo(250);
      assertThat(c.data("Subject: via postfix\r\n\r\nhello alice\r\n".getBytes(StandardCharsets.US_ASCII)).code())
          .isEqualTo(250);
      c.quit();
    }
    List<byte[]> inbox = TwoDomains.await(store, MailFixture.ALICE, "INBOX", 1);
    assertThat(inbox).as(postfix.log()).hasSize(1);
    String m = new String(inbox.get(0), StandardCharsets.UTF_8);
    // Postfix used STARTTLS with us (smtp_tls_security_level = may)
    assertThat(m).contains("Subject: via postfix", "by mail.crepes.fr (Minternet) with ESMTPS");
  }
}
