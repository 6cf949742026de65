package org.minternet.mail.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.Recipient;
import org.minternet.mail.testing.MailFixture;
import org.minternet.mail.testing.TranscriptScript;

/**
 * Replays every transcript under {@code transcripts/pop3/} against a fresh server whose store has
 * two messages for bob: "Subject: one" (32 octets, a body line starting with a dot) and
 * "Subject: two" (22 octets). Bob's APOP secret is {@value #BOB_APOP_SECRET}; alice has none. The
 * greeting carries the fixed timestamp {@value #TIMESTAMP} (RFC 1939's example with this host), so
 * APOP digests can be written into the transcripts. Files named {@code secure-*} run with
 * plaintext login refused without TLS; the others allow it.
 */
class Pop3TranscriptTest {
  static final String TIMESTAMP = "<1896.697170952@mail.hamburger.edu>";
  static final String BOB_APOP_SECRET = "bob-apop-secret";
  static final byte[] ONE = "Subject: one\r\n\r\n.dotted\r\nline2\r\n".getBytes(StandardCharsets.US_ASCII);
  static final byte[] TWO = "Subject: two\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

  static MailStore storeWithTwoMessages() {
    MailStore store = MailFixture.store();
    store.deliver(new Delivery("a@example.org", List.of(Recipient.of(MailFixture.BOB)), ONE, null, null));
    store.deliver(new Delivery("a@example.org", List.of(Recipient.of(MailFixture.BOB)), TWO, null, null));
    return store;
  }

  @TestFactory
  Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
    Path dir = Path.of(Pop3TranscriptTest.class.getResource("/transcripts/pop3").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      MailStore store = storeWithTwoMessages();
      store.accounts().setApopSecret(MailFixture.BOB, BOB_APOP_SECRET);
      boolean secure = f.getFileName().toString().startsWith("secure-");
      try (Pop3Server server = Pop3Server.builder(new Pop3Config("mail.hamburger.edu", store, null, !secure))
          .port(Pop3Service.POP3, 0).timestamps(() -> TIMESTAMP).build()) {
        server.start();
        int checked = TranscriptScript.replay(f, new InetSocketAddress("127.0.0.1", server.port(Pop3Service.POP3)));
        assertThat(checked).as("server lines checked in %s", f.getFileName()).isPositive();
      } finally {
        store.close();
      }
    }));
  }
}
