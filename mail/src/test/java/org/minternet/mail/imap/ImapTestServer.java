package org.minternet.mail.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.minternet.core.store.Store;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.MailUser;
import org.minternet.mail.store.PasswordHasher;

/** A server on a free loopback port over an in-memory store with bob and alice. */
final class ImapTestServer implements AutoCloseable {
  static final String BOB = "bob@hamburger.edu";
  static final String BOB_PASSWORD = "bob-secret";
  static final String ALICE = "alice@crepes.fr";
  static final String ALICE_PASSWORD = "alice-secret";

  final Store store;
  final MailStore mail;
  final MailUser bob;
  final ImapServer server;

  ImapTestServer() throws IOException {
    this(null, true);
  }

  ImapTestServer(SSLContext tls, boolean allowPlaintext) throws IOException {
    this(Store.inMemory(), tls, allowPlaintext);
  }

  ImapTestServer(Store store, SSLContext tls, boolean allowPlaintext) throws IOException {
    this.store = store;
    mail = MailStore.open(store, new PasswordHasher(1000));
    mail.accounts().addDomain("hamburger.edu");
    mail.accounts().addDomain("crepes.fr");
    bob = mail.accounts().addUser(BOB, BOB_PASSWORD);
    mail.accounts().addUser(ALICE, ALICE_PASSWORD);
    server = ImapServer.builder().store(mail).hostname("mail.hamburger.edu").port(0)
        .tls(tls).tlsPort(tls == null ? -1 : 0).allowPlaintextAuth(allowPlaintext).build();
    server.start();
  }

  int port() {
    return server.endpoint("imap").port();
  }

  long inbox() {
    return mail.mailboxes().get(bob.id(), "INBOX").orElseThrow().id();
  }

  /** Appends a message to bob's mailbox directly in the store, marked recent as a delivery is. */
  long append(String mailbox, String message, String... flags) {
    long id = mail.mailboxes().get(bob.id(), mailbox).orElseThrow().id();
    java.util.Set<String> f = new java.util.TreeSet<>(Set.of(flags));
    f.add("\\Recent");
    return mail.messages().append(id, message.replace("\n", "\r\n").replace("\r\r\n", "\r\n").getBytes(StandardCharsets.UTF_8),
        f, Instant.parse("2024-03-01T10:00:00Z")).uid();
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
