package org.minternet.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.minternet.core.net.AddressRanges;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.testing.MailFixture;
import org.minternet.mail.testing.TranscriptScript;

/**
 * Replays every transcript under {@code transcripts/smtp/}. The file name picks the server:
 * {@code submission-*} the submission service, {@code auth-*} an MTA that allows AUTH without TLS,
 * {@code relaynet-*} an MTA trusting 127.0.0.0/8, anything else the plain MTA. All run as
 * mail.crepes.fr with crepes.fr and hamburger.edu local, a 2000-byte size limit and 3 recipients.
 */
class SmtpTranscriptTest {
  private static MailStore store;
  private static SmtpServer mta;
  private static SmtpServer authMta;
  private static SmtpServer relayMta;
  private static SmtpServer submission;

  @BeforeAll
  static void start() throws IOException {
    store = MailFixture.store();
    store.accounts().addAlias("postmaster@crepes.fr", MailFixture.ALICE);
    mta = server(false, List.of(), SmtpService.MTA);
    authMta = server(true, List.of(), SmtpService.MTA);
    relayMta = server(false, List.of("127.0.0.0/8"), SmtpService.MTA);
    submission = server(true, List.of(), SmtpService.SUBMISSION);
  }

  private static SmtpServer server(boolean insecureAuth, List<String> relay, SmtpService service) throws IOException {
    SmtpConfig config = new SmtpConfig("mail.crepes.fr", store, null, 2000, 3, insecureAuth, AddressRanges.parse(relay),
        Duration.ofSeconds(30), null);
    SmtpServer s = SmtpServer.builder(config).port(service, 0).idleTimeout(Duration.ofSeconds(20)).build();
    s.start();
    return s;
  }

  @AfterAll
  static void stop() {
    for (SmtpServer s : List.of(mta, authMta, relayMta, submission)) s.close();
    store.close();
  }

  // RelayNetworks did not trim (" 127.0.0.0/8" was refused); core's AddressRanges trims and
  // masks host bits, so this list is 127.0.0.0/8 and the relay transcript passes against it
  @Test
  void relayNetworksWithSpacesAndHostBitsStillRelay() throws IOException, URISyntaxException {
    SmtpServer s = server(false, List.of(" 127.0.0.9/8 "), SmtpService.MTA);
    try {
      Path script = Path.of(SmtpTranscriptTest.class.getResource("/transcripts/smtp/relaynet-relay.txt").toURI());
      assertThat(TranscriptScript.replay(script, new InetSocketAddress("127.0.0.1", s.port(SmtpService.MTA))))
          .isPositive();
    } finally {
      s.close();
    }
    assertThatThrownBy(() -> server(false, List.of("dead.beef/16"), SmtpService.MTA))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
  }

  @TestFactory
  Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
    Path dir = Path.of(SmtpTranscriptTest.class.getResource("/transcripts/smtp").toURI());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      String name = f.getFileName().toString();
      SmtpServer target = name.startsWith("submission-") ? submission : name.startsWith("auth-") ? authMta
          : name.startsWith("relaynet-") ? relayMta : mta;
      SmtpService service = name.startsWith("submission-") ? SmtpService.SUBMISSION : SmtpService.MTA;
      int checked = TranscriptScript.replay(f, new InetSocketAddress("127.0.0.1", target.port(service)));
      assertThat(checked).as("server lines checked in %s", f.getFileName()).isPositive();
    }));
  }
}
