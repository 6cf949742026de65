package org.minternet.mail;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.minternet.core.store.Store;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.MailUser;
import org.minternet.mail.store.Mailboxes;
import org.minternet.mail.store.QueueEntry;

/**
 * Management entry points for the command line ({@code minternet mail domain|user|alias|queue …}).
 * Each returns a process exit status (0 success, 1 failure) and prints one line per result.
 */
public final class MailAdmin {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
      .withZone(ZoneId.systemDefault());

  private MailAdmin() {}

  /** Opens the mail store in a data directory ({@code DIR/mail.db}), applying migrations. */
  public static MailStore open(Path dataDir) {
    return MailStore.open(Store.sqlite(dataDir.resolve("mail.db")));
  }

  /**
   * Opens the store of one mail host of a world ({@code DIR/mail/HOST.db}). Every mail host needs
   * its own store: a store's domains are "local", so two hosts sharing one would deliver to each
   * other's users without SMTP.
   */
  public static MailStore open(Path dataDir, String host) {
    return MailStore.open(Store.sqlite(dataDir.resolve("mail").resolve(host.toLowerCase(java.util.Locale.ROOT) + ".db")));
  }

  public static int addDomain(MailStore store, String domain, PrintStream out) {
    return run(out, () -> {
      store.accounts().addDomain(domain);
      out.println("added domain " + domain.toLowerCase(java.util.Locale.ROOT));
    });
  }

  public static int removeDomain(MailStore store, String domain, PrintStream out) {
    return run(out, () -> {
      if (!store.accounts().removeDomain(domain)) throw new IllegalArgumentException("no such domain: " + domain);
      out.println("removed domain " + domain + " with its users and mail");
    });
  }

  public static int listDomains(MailStore store, PrintStream out) {
    return run(out, () -> store.accounts().domains().forEach(out::println));
  }

  public static int addUser(MailStore store, String address, String password, PrintStream out) {
    return run(out, () -> {
      MailUser u = store.accounts().addUser(address, password);
      out.println("added user " + u.address() + " with folders " + String.join(", ", Mailboxes.DEFAULT_FOLDERS.keySet()));
    });
  }

  public static int setPassword(MailStore store, String address, String password, PrintStream out) {
    return run(out, () -> {
      if (!store.accounts().setPassword(address, password)) throw new IllegalArgumentException("no such user: " + address);
      out.println("password changed for " + address);
    });
  }

  /**
   * Sets a user's APOP secret (RFC 1939 §7), or removes it when {@code secret} is null or empty.
   * The secret is separate from the login password and stored readable, because APOP needs it;
   * setting one is the opt-in (see {@link MailStore#setApopSecret}).
   */
  public static int setApopSecret(MailStore store, String address, String secret, PrintStream out) {
    return run(out, () -> {
      if (!store.accounts().setApopSecret(address, secret)) throw new IllegalArgumentException("no such user: " + address);
      out.println(secret == null || secret.isEmpty() ? "APOP secret removed for " + address
          : "APOP secret set for " + address + " (stored readable, as APOP requires; the login password is unchanged)");
    });
  }

  public static int removeUser(MailStore store, String address, PrintStream out) {
    return run(out, () -> {
      if (!store.accounts().removeUser(address)) throw new IllegalArgumentException("no such user: " + address);
      out.println("removed user " + address + " and their mail");
    });
  }

  /** Lists users of a domain, or all when {@code domain} is null. */
  public static int listUsers(MailStore store, String domain, PrintStream out) {
    return run(out, () -> store.accounts().users(domain).forEach(u -> out.println(u.address())));
  }

  public static int addAlias(MailStore store, String alias, String target, PrintStream out) {
    return run(out, () -> {
      store.accounts().addAlias(alias, target);
      out.println("added alias " + alias + " -> " + target);
    });
  }

  public static int removeAlias(MailStore store, String alias, PrintStream out) {
    return run(out, () -> {
      if (!store.accounts().removeAlias(alias)) throw new IllegalArgumentException("no such alias: " + alias);
      out.println("removed alias " + alias);
    });
  }

  /** Prints the queue: one line per message, then one indented line per recipient. */
  public static int listQueue(MailStore store, PrintStream out) {
    return run(out, () -> {
      List<QueueEntry> q = store.queue().list();
      if (q.isEmpty()) out.println("queue is empty");
      for (QueueEntry e : q) {
        out.println("Q" + e.id() + "  " + TIME.format(e.created()) + "  from <" + e.sender() + ">");
        for (QueueEntry.QueueRecipient r : e.recipients()) {
          out.println("    " + r.state() + "  <" + r.address() + ">  attempts=" + r.attempts()
              + (r.state() == QueueEntry.State.PENDING ? "  next=" + TIME.format(r.nextAttempt()) : "")
              + (r.lastError() == null ? "" : "  last: " + r.lastError()));
        }
      }
    });
  }

  /** Makes a queued message (or all with id 0) due now; a running queue picks it up at its next pass. */
  public static int retry(MailStore store, long queueId, PrintStream out) {
    return run(out, () -> {
      int n = store.queue().retryNow(queueId);
      if (n == 0 && queueId != 0) throw new IllegalArgumentException("no pending recipients for Q" + queueId);
      out.println(n + " recipient(s) due now (" + TIME.format(Instant.now()) + ")");
    });
  }

  public static int removeQueued(MailStore store, long queueId, PrintStream out) {
    return run(out, () -> {
      if (!store.queue().remove(queueId)) throw new IllegalArgumentException("no such queue entry: Q" + queueId);
      out.println("removed Q" + queueId);
    });
  }

  /** Parses "Q12" or "12". */
  public static long parseQueueId(String s) {
    String v = s.startsWith("Q") || s.startsWith("q") ? s.substring(1) : s;
    return Long.parseLong(v);
  }

  private static int run(PrintStream out, Runnable action) {
    try {
      action.run();
      return 0;
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      return 1;
    }
  }
}
