package org.minternet.mail.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.minternet.core.naming.MailExchanger;
import org.minternet.core.tls.TlsContexts;
import org.minternet.mail.MailServer;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.Mailbox;

/**
 * The textbook scenario in one JVM: mail.crepes.fr (alice) and mail.hamburger.edu (bob), each
 * with its own store, TLS certificate and MTA, submission and submissions services on free
 * ports, relaying to each other through MX records of a fake resolver.
 */
public final class TwoDomains implements AutoCloseable {
  public final MailStore crepesStore = MailFixture.store();
  public final MailStore hamburgerStore = MailFixture.store();
  public final MailServer crepes;
  public final MailServer hamburger;
  public final SSLContext clientTrust;

  public TwoDomains(Path dir) throws IOException {
    SSLContext tls = TlsContexts.selfSigned(dir, List.of("localhost", "127.0.0.1", "mail.crepes.fr",
        "mail.hamburger.edu"));
    clientTrust = TlsContexts.trusting(TlsContexts.worldCertificate(dir));
    // each server hosts only its own domain
    crepesStore.accounts().removeDomain("hamburger.edu");
    hamburgerStore.accounts().removeDomain("crepes.fr");
    FakeResolver resolver = new FakeResolver()
        .mx("crepes.fr", new MailExchanger(10, "mail.crepes.fr")).host("mail.crepes.fr", "127.0.0.1")
        .mx("hamburger.edu", new MailExchanger(10, "mail.hamburger.edu")).host("mail.hamburger.edu", "127.0.0.1");
    hamburger = build("mail.hamburger.edu", hamburgerStore, tls, resolver, 0);
    hamburger.start();
    crepes = build("mail.crepes.fr", crepesStore, tls, resolver, hamburger.port(SmtpService.MTA));
    crepes.start();
  }

  private static MailServer build(String host, MailStore store, SSLContext tls, FakeResolver resolver, int remotePort) {
    return MailServer.builder(host, store).tls(tls).resolver(resolver)
        .remoteSmtpPort(remotePort == 0 ? 25 : remotePort)
        .port(SmtpService.MTA, 0).port(SmtpService.SUBMISSION, 0).port(SmtpService.SUBMISSIONS, 0)
        .port(org.minternet.mail.pop3.Pop3Service.POP3, 0).port(org.minternet.mail.pop3.Pop3Service.POP3S, 0)
        .idleTimeout(Duration.ofSeconds(30))
        .queue(q -> q.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20)))
        .build();
  }

  /** The messages of a user's folder, oldest first. */
  public static List<byte[]> folder(MailStore store, String user, String folder) {
    long id = store.accounts().user(user).orElseThrow().id();
    Mailbox box = store.mailboxes().get(id, folder).orElseThrow();
    return store.messages().list(box.id()).stream().map(m -> store.messages().content(box.id(), m.uid()).orElseThrow()).toList();
  }

  /** Waits until a folder holds at least {@code n} messages (queue delivery is asynchronous). */
  public static List<byte[]> await(MailStore store, String user, String folder, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<byte[]> got = folder(store, user, folder);
    while (got.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(25);
      got = folder(store, user, folder);
    }
    return got;
  }

  @Override
  public void close() {
    crepes.close();
    hamburger.close();
    crepesStore.close();
    hamburgerStore.close();
  }
}
