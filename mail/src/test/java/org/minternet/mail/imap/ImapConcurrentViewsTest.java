package org.minternet.mail.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.minternet.mail.store.Delivery;
import org.minternet.mail.store.MessageInfo;
import org.minternet.mail.store.Recipient;

/**
 * Sessions appending, storing and expunging on one mailbox at the same time as SMTP deliveries
 * (RFC 9051 §7.5.1, §5.2): every message number a client is sent must be one it was told about,
 * whatever the interleaving. Each client keeps a model of its view — the count it was told by
 * EXISTS and EXPUNGE and the UIDs it learnt by FETCH — and checks every response against it.
 */
class ImapConcurrentViewsTest {
  static final Pattern UNTAGGED = Pattern.compile("\\* (\\d+) (EXISTS|EXPUNGE|FETCH|RECENT)(?: \\((.*)\\))?");
  static final Pattern UID = Pattern.compile("\\bUID (\\d+)");
  static final int CLIENTS = 3;
  static final int OPERATIONS = 60;
  static final int DELIVERIES = 25;

  /** What one client knows of its mailbox: a UID (or 0 when not yet learnt) per message number. */
  static final class View {
    final List<Long> uids = new ArrayList<>();
    final String name;

    View(String name) {
      this.name = name;
    }

    void accept(String line) {
      Matcher m = UNTAGGED.matcher(line);
      if (!m.matches()) return;
      int n = Integer.parseInt(m.group(1));
      switch (m.group(2)) {
        case "EXISTS" -> {
          assertThat(n).as(name + ": EXISTS never lowers the count: " + line).isGreaterThanOrEqualTo(uids.size());
          while (uids.size() < n) uids.add(0L);
        }
        case "EXPUNGE" -> {
          assertThat(n).as(name + ": EXPUNGE of a message never announced: " + line).isBetween(1, uids.size());
          uids.remove(n - 1);
        }
        case "FETCH" -> {
          assertThat(n).as(name + ": FETCH of a message never announced: " + line).isBetween(1, uids.size());
          Matcher u = UID.matcher(m.group(3));
          if (u.find()) {
            long uid = Long.parseLong(u.group(1));
            long known = uids.get(n - 1);
            if (known != 0) assertThat(uid).as(name + ": message " + n + " changed its UID: " + line).isEqualTo(known);
            uids.set(n - 1, uid);
            for (int i = 0; i < uids.size(); i++) {
              long other = uids.get(i);
              if (other == 0 || i == n - 1) continue;
              if (i < n - 1) assertThat(other).as(name + ": UIDs ascend: " + line).isLessThan(uid);
              else assertThat(other).as(name + ": UIDs ascend: " + line).isGreaterThan(uid);
            }
          }
        }
        default -> { }
      }
    }
  }

  @Test
  void appendsDeliveriesAndExpungesOnOneMailboxNeverNameAnUnannouncedMessage() throws Exception {
    try (ImapTestServer t = new ImapTestServer()) {
      ImapTranscriptTest.seed(t);
      ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
      List<Future<?>> work = new ArrayList<>();
      List<RawImapClient> clients = new ArrayList<>();
      List<View> views = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        RawImapClient c = new RawImapClient(t.port());
        View v = new View("client " + i);
        c.line();
        c.command("l", "LOGIN bob@hamburger.edu bob-secret");
        run(c, v, "s", "SELECT INBOX");
        clients.add(c);
        views.add(v);
      }
      for (int i = 0; i < CLIENTS; i++) {
        RawImapClient c = clients.get(i);
        View v = views.get(i);
        long seed = 12 + i;
        work.add(pool.submit(() -> {
          drive(c, v, new Random(seed));
          return null;
        }));
      }
      work.add(pool.submit(() -> {
        for (int i = 0; i < DELIVERIES; i++) {
          t.mail.deliver(new Delivery("alice@crepes.fr", List.of(Recipient.of("bob@hamburger.edu")),
              ("From: alice@crepes.fr\r\nSubject: d" + i + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.UTF_8),
              null, null));
        }
        return null;
      }));
      for (Future<?> f : work) f.get();
      pool.close();
      List<Long> stored = t.mail.messages().list(t.inbox()).stream().map(MessageInfo::uid).toList();
      for (int i = 0; i < CLIENTS; i++) {
        RawImapClient c = clients.get(i);
        View v = views.get(i);
        run(c, v, "n", "NOOP");
        run(c, v, "f", "FETCH 1:* UID");
        assertThat(v.uids).as(v.name + " ends with the mailbox as stored").isEqualTo(stored);
        c.close();
      }
    }
  }

  private static void drive(RawImapClient c, View v, Random random) throws IOException {
    for (int op = 0; op < OPERATIONS; op++) {
      String tag = "t" + op;
      int size = v.uids.size();
      switch (random.nextInt(7)) {
        case 0, 1 -> {
          byte[] body = ("Subject: " + tag + "\r\n\r\nhi\r\n").getBytes(StandardCharsets.UTF_8);
          c.send(tag + " APPEND INBOX " + (random.nextBoolean() ? "(\\Deleted) " : "") + "{" + body.length + "+}");
          c.sendRaw(body);
          c.send("");
          expectOk(c, v, tag);
        }
        case 2 -> {
          if (size == 0) continue;
          String store = random.nextBoolean() ? " +FLAGS (\\Deleted)" : " +FLAGS.SILENT (\\Deleted)";
          assertThat(run(c, v, tag, "STORE " + (1 + random.nextInt(size)) + store)).doesNotStartWith(tag + " BAD");
        }
        case 3 -> expectOk(c, v, tag, "EXPUNGE");
        case 4 -> expectOk(c, v, tag, "NOOP");
        case 5 -> {
          if (size == 0) continue;
          assertThat(run(c, v, tag, "FETCH 1:* (UID FLAGS)")).doesNotStartWith(tag + " BAD");
        }
        default -> expectOk(c, v, tag, "UID FETCH 1:* (FLAGS)");
      }
    }
  }

  private static void expectOk(RawImapClient c, View v, String tag, String command) throws IOException {
    assertThat(run(c, v, tag, command)).startsWith(tag + " OK");
  }

  private static void expectOk(RawImapClient c, View v, String tag) throws IOException {
    String last = null;
    for (String l : c.until(tag)) {
      v.accept(l);
      last = l;
    }
    assertThat(last).startsWith(tag + " OK");
  }

  /** Sends a command, checks every response against the view, and returns the tagged reply. */
  private static String run(RawImapClient c, View v, String tag, String command) throws IOException {
    String last = null;
    for (String l : c.command(tag, command)) {
      v.accept(l);
      last = l;
    }
    return last;
  }
}
