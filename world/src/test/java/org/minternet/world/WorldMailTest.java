package org.minternet.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.minternet.core.Endpoint;
import org.minternet.core.net.Connection;
import org.minternet.core.store.Store;
import org.minternet.core.tls.TlsContexts;
import org.minternet.mail.store.MailStore;

/**
 * The textbook's e-mail scenario across the world: Alice submits to her server, which finds
 * hamburger.edu's MX through the world's DNS and delivers into Bob's mailbox.
 */
@MinternetWorld
class WorldMailTest {
  private static String reply(Connection c) throws Exception {
    String line;
    do {
      line = c.readLine();
    } while (line != null && line.length() > 3 && line.charAt(3) == '-');
    return line;
  }

  private static void send(Connection c, String line) throws Exception {
    c.writeLine(line);
    c.flush();
  }

  @Test
  void aliceSendsToBobThroughTheWorldsDns(World world) throws Exception {
    Endpoint submission = world.require("mail.crepes.fr", "submission");
    SSLContext trust = TlsContexts.trusting(TlsContexts.worldCertificate(world.options().dataDir()));
    try (Connection c = Connection.connect(new InetSocketAddress(submission.address(), submission.port()),
        Duration.ofSeconds(10), "test", null)) {
      assertThat(reply(c)).startsWith("220");
      send(c, "EHLO alice.example");
      assertThat(reply(c)).startsWith("250");
      send(c, "STARTTLS");
      assertThat(reply(c)).startsWith("220");
      c.startTls(trust, true, "mail.crepes.fr");
      send(c, "EHLO alice.example");
      assertThat(reply(c)).startsWith("250");
      String auth = Base64.getEncoder().encodeToString("\0alice@crepes.fr\0alice-secret".getBytes(StandardCharsets.UTF_8));
      send(c, "AUTH PLAIN " + auth);
      assertThat(reply(c)).startsWith("235");
      send(c, "MAIL FROM:<alice@crepes.fr>");
      assertThat(reply(c)).startsWith("250");
      send(c, "RCPT TO:<bob@hamburger.edu>");
      assertThat(reply(c)).startsWith("250");
      send(c, "DATA");
      assertThat(reply(c)).startsWith("354");
      send(c, "From: alice@crepes.fr\r\nTo: bob@hamburger.edu\r\nSubject: crepes\r\n\r\nBonjour Bob!\r\n.");
      assertThat(reply(c)).startsWith("250");
      send(c, "QUIT");
    }
    // Bob's server has its own store; the queue of crepes.fr delivers there via MX lookup
    java.nio.file.Path bobDb = world.options().dataDir().resolve("mail/mail.hamburger.edu/mail.db");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    boolean delivered = false;
    try (Store store = Store.sqlite(bobDb)) {
      MailStore bob = MailStore.open(store);
      long userId = bob.accounts().user("bob@hamburger.edu").orElseThrow().id();
      long inbox = bob.mailboxes().get(userId, "INBOX").orElseThrow().id();
      while (!delivered && System.nanoTime() < deadline) {
        delivered = !bob.messages().list(inbox).isEmpty();
        if (!delivered) Thread.sleep(100);
      }
      assertThat(delivered).as("delivered to Bob's inbox").isTrue();
      byte[] content = bob.messages().content(inbox, bob.messages().list(inbox).get(0).uid()).orElseThrow();
      assertThat(new String(content, StandardCharsets.UTF_8)).contains("Bonjour Bob!", "Received: ")
          // the relay came from mail.crepes.fr's own address, as on the Internet
          .contains("from mail.crepes.fr ([127.5.0.1])");
    }
  }
}
