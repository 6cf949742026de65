package org.minternet.mail.it;

import java.nio.file.Path;
import java.time.Duration;
import org.minternet.core.naming.MailExchanger;
import org.minternet.core.store.Store;
import org.minternet.mail.MailServer;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.PasswordHasher;
import org.minternet.mail.testing.FakeResolver;

/**
 * mail.crepes.fr in a child JVM for the kill -9 relay test: its queue relays to hamburger.edu at
 * 127.0.0.1:PORT; prints "STARTED", then serves until killed. Args: the store file, the port.
 */
public final class RelayNodeMain {
  private RelayNodeMain() {}

  public static void main(String[] args) throws Exception {
    MailStore mail = MailStore.open(Store.sqlite(Path.of(args[0])), new PasswordHasher(1000));
    FakeResolver resolver = new FakeResolver().mx("hamburger.edu", new MailExchanger(10, "mail.hamburger.edu"))
        .host("mail.hamburger.edu", "127.0.0.1");
    MailServer server = MailServer.builder("mail.crepes.fr", mail).resolver(resolver)
        .remoteSmtpPort(Integer.parseInt(args[1])).port(SmtpService.MTA, 0)
        .queue(q -> q.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20))).build();
    server.start();
    System.out.println("STARTED");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
