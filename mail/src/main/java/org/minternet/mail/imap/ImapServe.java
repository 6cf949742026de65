package org.minternet.mail.imap;

import java.net.InetAddress;
import java.nio.file.Path;
import org.minternet.core.store.Store;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.PasswordHasher;

/**
 * Runs an IMAP server alone on a SQLite store, for {@code bench/imap} and manual trials:
 * {@code ImapServe DB_FILE PORT USERS PASSWORD} creates {@code user1..userN@bench.test} (PBKDF2
 * with 10,000 iterations, about the cost of Dovecot's SHA512-CRYPT) and serves plaintext logins
 * on 127.0.0.1. The {@code world} module wires the real servers.
 */
final class ImapServe {
  private ImapServe() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: ImapServe DB_FILE PORT USERS PASSWORD");
      System.exit(2);
    }
    Store store = Store.sqlite(Path.of(args[0]));
    MailStore mail = MailStore.open(store, new PasswordHasher(10_000));
    mail.accounts().ensureDomain("bench.test");
    int users = Integer.parseInt(args[2]);
    for (int i = 1; i <= users; i++) {
      if (mail.accounts().user("user" + i + "@bench.test").isEmpty()) mail.accounts().addUser("user" + i + "@bench.test", args[3]);
    }
    ImapServer server = ImapServer.builder().store(mail).hostname("bench.test")
        .bind(InetAddress.getLoopbackAddress()).port(Integer.parseInt(args[1])).allowPlaintextAuth(true).build();
    server.start();
    System.out.println("imap " + server.endpoint("imap").hostPort());
    Thread.currentThread().join();
  }
}
