package org.minternet.world.services;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.minternet.core.Endpoint;
import org.minternet.core.store.Store;
import org.minternet.mail.MailServer;
import org.minternet.mail.imap.ImapService;
import org.minternet.mail.pop3.Pop3Service;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.store.MailStore;
import org.minternet.world.HostSpec;
import org.minternet.world.RunningService;
import org.minternet.world.ServiceContext;
import org.minternet.world.ServiceFactory;
import org.minternet.world.WorldSpec;

/**
 * The world's mail hosts. Each has its own store ({@code DATA/mail/HOST/mail.db}) holding the
 * domains whose MX it is and the world's users of those domains; its SMTP (MTA, submission,
 * submissions), POP3 and IMAP services are one {@link MailServer} with its outgoing queue, which
 * finds other domains' mail servers through the world's DNS.
 */
public final class MailServices {
  private MailServices() {}

  /** The mail store of a host, created and filled with its domains and users on first use. */
  static MailStore store(ServiceContext ctx) throws IOException {
    HostSpec host = ctx.host();
    return ctx.shared().get("mailstore:" + host.name(), () -> {
      Path file = ctx.dataDir().resolve("mail").resolve(host.name()).resolve("mail.db");
      Store store = ctx.shared().get("store:" + host.name(), () -> Store.sqlite(file));
      MailStore mail = MailStore.open(store);
      for (String domain : domainsOf(ctx.world(), host.name())) {
        mail.accounts().ensureDomain(domain);
        for (WorldSpec.UserSpec u : ctx.world().users()) {
          if (u.domain().equals(domain)) mail.accounts().ensureUser(u.address(), u.password());
        }
      }
      return mail;
    });
  }

  /** The domains whose mail exchanger is this host. */
  static List<String> domainsOf(WorldSpec world, String host) {
    return world.mx().stream().filter(m -> m.host().equals(host)).map(WorldSpec.MxSpec::domain)
        .distinct().toList();
  }

  /** Starts the whole mail host (every SMTP, POP3 and IMAP service it runs), once, whichever of its kinds comes first. */
  public static final ServiceFactory MAIL = ctx -> {
    if (!ctx.shared().claim("mail:" + ctx.host().name())) return RunningService.PART_OF_ANOTHER;
    MailServer.Builder b = MailServer.builder(ctx.host().name(), store(ctx))
        .bind(ctx.host().address()).outgoingAddress(ctx.host().address()).tls(WorldTls.context(ctx))
        .resolver(ctx.resolver()).remoteSmtpPort(ctx.ports().port("smtp")).transcript(ctx.transcript());
    if (ctx.host().runs("smtp")) b.port(SmtpService.MTA, ctx.ports().port("smtp"));
    if (ctx.host().runs("submission")) b.port(SmtpService.SUBMISSION, ctx.ports().port("submission"));
    if (ctx.host().runs("smtps")) b.port(SmtpService.SUBMISSIONS, ctx.ports().port("smtps"));
    if (ctx.host().runs("pop3")) b.port(Pop3Service.POP3, ctx.ports().port("pop3"));
    if (ctx.host().runs("pop3s")) b.port(Pop3Service.POP3S, ctx.ports().port("pop3s"));
    if (ctx.host().runs("imap")) b.port(ImapService.IMAP, ctx.ports().port("imap"));
    if (ctx.host().runs("imaps")) b.port(ImapService.IMAPS, ctx.ports().port("imaps"));
    MailServer server = b.build();
    List<Endpoint> endpoints = server.start();
    return new RunningService() {
      @Override
      public List<Endpoint> endpoints() {
        return endpoints;
      }

      @Override
      public String tryIt(Endpoint e) {
        String a = e.address().getHostAddress();
        return switch (e.service()) {
          case "submission" -> "swaks --server " + a + ":" + e.port() + " -tls --auth-user alice@crepes.fr ...";
          case "submissions", "pop3s", "imaps" -> "openssl s_client -quiet -connect " + a + ":" + e.port();
          case "pop3" -> "openssl s_client -quiet -starttls pop3 -connect " + a + ":" + e.port();
          case "imap" -> "openssl s_client -quiet -starttls imap -connect " + a + ":" + e.port();
          default -> "swaks --server " + a + ":" + e.port() + " --to bob@hamburger.edu";
        };
      }

      @Override
      public void close() {
        server.close();
      }
    };
  };
}
