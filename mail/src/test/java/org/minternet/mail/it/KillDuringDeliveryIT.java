package org.minternet.mail.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.store.Store;
import org.minternet.mail.smtp.SmtpClient;
import org.minternet.mail.smtp.SmtpReply;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.Mailbox;
import org.minternet.mail.store.PasswordHasher;
import org.minternet.mail.testing.MailFixture;

/**
 * Durability: a server in a child JVM receives messages from several connections and is killed
 * with SIGKILL in the middle of the load. Afterwards every message it acknowledged with 250 is in
 * the mailbox exactly once, and no message is there twice.
 */
class KillDuringDeliveryIT {
  private static final Pattern SUBJECT = Pattern.compile("Subject: msg-(\\d+-\\d+)\r\n");
  private static final int SENDERS = 4;
  private static final int KILL_AFTER = 120;

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedMessageSurvivesExactlyOnce() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        DurabilityServerMain.class.getName(), dir.toString()).redirectErrorStream(true).start();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      int port = -1;
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("PORT ")) {
          port = Integer.parseInt(line.substring(5).trim());
          break;
        }
      }
      assertThat(port).as("child server port").isPositive();
      CountDownLatch enough = new CountDownLatch(KILL_AFTER);
      List<Thread> senders = new ArrayList<>();
      for (int t = 0; t < SENDERS; t++) {
        int sender = t;
        int p = port;
        senders.add(Thread.ofVirtual().start(() -> send(p, sender, acknowledged, enough)));
      }
      assertThat(enough.await(120, TimeUnit.SECONDS)).as("acknowledged before the kill").isTrue();
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      for (Thread s : senders) s.join(30_000);
    } finally {
      child.destroyForcibly();
    }
    Map<String, Integer> stored = new HashMap<>();
    try (Store store = Store.sqlite(dir.resolve("mail.db"))) {
      MailStore mail = MailStore.open(store, new PasswordHasher(1000));
      long bob = mail.accounts().user(MailFixture.BOB).orElseThrow().id();
      Mailbox inbox = mail.mailboxes().get(bob, "INBOX").orElseThrow();
      mail.messages().list(inbox.id()).forEach(m -> {
        String text = new String(mail.messages().content(inbox.id(), m.uid()).orElseThrow(), StandardCharsets.UTF_8);
        Matcher matcher = SUBJECT.matcher(text);
        assertThat(matcher.find()).isTrue();
        stored.merge(matcher.group(1), 1, Integer::sum);
      });
    }
    assertThat(acknowledged.size()).isGreaterThanOrEqualTo(KILL_AFTER);
    assertThat(stored.keySet()).containsAll(acknowledged);
    assertThat(stored.values()).allMatch(n -> n == 1);
  }

  private static void send(int port, int sender, Set<String> acknowledged, CountDownLatch enough) {
    try (SmtpClient c = SmtpClient.connect(new InetSocketAddress("127.0.0.1", port), "localhost", null,
        Duration.ofSeconds(20), null)) {
      c.greeting();
      c.ehlo("load.test");
      for (int i = 0; ; i++) {
        String id = sender + "-" + i;
        if (c.mail("load@example.org", null).code() != 250) return;
        if (c.rcpt(MailFixture.BOB, null).code() != 250) return;
        SmtpReply r = c.data(("Subject: msg-" + id + "\r\n\r\n" + "body line\r\n".repeat(20))
            .getBytes(StandardCharsets.US_ASCII));
        if (r.code() != 250) return;
        acknowledged.add(id);
        enough.countDown();
      }
    } catch (java.io.IOException e) {
      // the server was killed: the message in flight is not acknowledged
    }
  }
}
