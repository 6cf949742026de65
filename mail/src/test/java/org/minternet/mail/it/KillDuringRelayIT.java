package org.minternet.mail.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.store.Store;
import org.minternet.mail.smtp.SmtpConfig;
import org.minternet.mail.smtp.SmtpServer;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.Mailbox;
import org.minternet.mail.store.PasswordHasher;
import org.minternet.mail.store.Recipient;
import org.minternet.mail.testing.MailFixture;

/**
 * The queue under kill -9, as an operator would try it: mail.crepes.fr (a child JVM) relays a
 * load to hamburger.edu (this JVM) and is killed with SIGKILL in the middle of delivery, then
 * restarted, three times. Nothing is lost, the restarted node delivers at once (it does not wait
 * for the dead run's claims to expire), and each kill costs at most the one message in flight on
 * the connection as a duplicate.
 */
class KillDuringRelayIT {
  private static final System.Logger LOG = System.getLogger(KillDuringRelayIT.class.getName());
  private static final Pattern SUBJECT = Pattern.compile("Subject: relay-(\\d+-\\d+)\r\n");
  private static final int ROUNDS = 3;
  private static final int PER_ROUND = 300;
  private static final int KILL_AFTER = 100;

  @TempDir
  Path dir;

  @Test
  void aKilledRelayResendsAtMostTheMessageInFlight() throws Exception {
    Path db = dir.resolve("crepes.db");
    try (MailStore hamburger = MailFixture.store();
        SmtpServer receiver = SmtpServer.builder(SmtpConfig.of("mail.hamburger.edu", hamburger, null))
            .port(SmtpService.MTA, 0).build()) {
      receiver.start();
      int port = receiver.port(SmtpService.MTA);
      for (int round = 0; round < ROUNDS; round++) {
        try (MailStore crepes = MailStore.open(Store.sqlite(db), new PasswordHasher(1000))) {
          crepes.accounts().ensureDomain("crepes.fr");
          for (int i = 0; i < PER_ROUND; i++) {
            byte[] m = ("From: alice@crepes.fr\r\nSubject: relay-" + round + "-" + i + "\r\n\r\n"
                + "body line\r\n".repeat(20)).getBytes(StandardCharsets.US_ASCII);
            crepes.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of(MailFixture.BOB)), m, null, null));
          }
        }
        int before = received(hamburger).size();
        Process node = start(db, port);
        try {
          await(() -> received(hamburger).size() >= before + KILL_AFTER, "first messages relayed");
        } finally {
          node.destroyForcibly(); // SIGKILL: no shutdown hooks, nothing recorded after this instant
          assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Process again = start(db, port);
        try (MailStore crepes = MailStore.open(Store.sqlite(db), new PasswordHasher(1000))) {
          // far sooner than the 15-minute lease: the restart released the dead run's claims
          await(() -> crepes.queue().list().isEmpty(), "the rest relayed after the restart");
        } finally {
          again.destroyForcibly();
          again.waitFor(30, TimeUnit.SECONDS);
        }
        Map<String, Integer> got = received(hamburger);
        int r = round;
        long distinct = got.keySet().stream().filter(k -> k.startsWith(r + "-")).count();
        long twice = got.entrySet().stream().filter(e -> e.getKey().startsWith(r + "-") && e.getValue() > 1).count();
        LOG.log(Level.INFO, "round " + round + ": " + distinct + " of " + PER_ROUND + " delivered, " + twice
            + " twice");
        assertThat(distinct).as("round %d delivered", round).isEqualTo(PER_ROUND);
        assertThat(twice).as("round %d duplicates", round).isLessThanOrEqualTo(1);
      }
    }
  }

  private static Process start(Path db, int port) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RelayNodeMain.class.getName(),
        db.toString(), Integer.toString(port)).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.equals("STARTED")) break;
    }
    // keep draining the child's log so that it never blocks on a full pipe
    Thread.ofVirtual().start(() -> {
      try {
        while (out.readLine() != null) {
          // discarded
        }
      } catch (IOException e) {
        // the child is gone
      }
    });
    return p;
  }

  /** Subjects received by bob, with how many times each. */
  private static Map<String, Integer> received(MailStore store) {
    long bob = store.accounts().user(MailFixture.BOB).orElseThrow().id();
    Mailbox inbox = store.mailboxes().get(bob, "INBOX").orElseThrow();
    Map<String, Integer> out = new HashMap<>();
    for (var m : store.messages().list(inbox.id())) {
      Matcher matcher = SUBJECT.matcher(new String(store.messages().content(inbox.id(), m.uid()).orElseThrow(),
          StandardCharsets.US_ASCII));
      if (matcher.find()) out.merge(matcher.group(1), 1, Integer::sum);
    }
    return out;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(what).isTrue();
      Thread.sleep(50);
    }
  }
}
