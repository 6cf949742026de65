package org.minternet.mail.it;

import java.net.InetAddress;
import java.nio.file.Path;
import org.minternet.core.store.Store;
import org.minternet.mail.MailServer;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.PasswordHasher;
import org.minternet.mail.testing.MailFixture;

/** A mail server in a child JVM for the kill -9 test: prints its port, then serves until killed. */
public final class DurabilityServerMain {
  private DurabilityServerMain() {}

  public static void main(String[] args) throws Exception {
    Store store = Store.sqlite(Path.of(args[0]).resolve("mail.db"));
    MailStore mail = MailFixture.populate(MailStore.open(store, new PasswordHasher(1000)));
    MailServer server = MailServer.builder("mail.hamburger.edu", mail).bind(InetAddress.getLoopbackAddress())
        .port(SmtpService.MTA, 0).build();
    server.start();
    System.out.println("PORT " + server.port(SmtpService.MTA));
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
