package org.minternet.mail;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.minternet.core.Endpoint;
import org.minternet.core.naming.NameResolver;
import org.minternet.core.store.Store;
import org.minternet.core.tls.TlsContexts;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.store.MailStore;

/**
 * Runs one mail host alone, without the world (used by {@code bench/smtp}; the CLI's
 * {@code minternet mail serve} can call {@link #run} the same way).
 *
 * <pre>
 * MailServe --data DIR --hostname mail.example.test [--bind 127.0.0.1] [--smtp 2525]
 *           [--submission 5587] [--smtps 4465] [--pop3 1110] [--pop3s 1995] [--remote-port 25] [--tls]
 *           [--allow-insecure-auth] [--domain example.test]… [--user alice@example.test:password]…
 * </pre>
 */
public final class MailServe {
  private MailServe() {}

  public static void main(String[] args) throws Exception {
    MailServer server = run(args);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.sleep(Long.MAX_VALUE);
  }

  /** Parses the arguments, starts the host and prints its endpoints; the caller closes it. */
  public static MailServer run(String[] args) throws Exception {
    Path data = Path.of(System.getProperty("user.home"), ".minternet");
    String hostname = "localhost";
    InetAddress bind = InetAddress.getLoopbackAddress();
    int smtp = 2525;
    int submission = -1;
    int smtps = -1;
    int remotePort = 25;
    int pop3 = -1;
    int pop3s = -1;
    boolean tls = false;
    boolean insecureAuth = false;
    List<String> domains = new ArrayList<>();
    List<String> users = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--data" -> data = Path.of(next(v, a, i++));
        case "--hostname" -> hostname = next(v, a, i++);
        case "--bind" -> bind = InetAddress.getByName(next(v, a, i++));
        case "--smtp" -> smtp = Integer.parseInt(next(v, a, i++));
        case "--submission" -> submission = Integer.parseInt(next(v, a, i++));
        case "--smtps" -> smtps = Integer.parseInt(next(v, a, i++));
        case "--pop3" -> pop3 = Integer.parseInt(next(v, a, i++));
        case "--pop3s" -> pop3s = Integer.parseInt(next(v, a, i++));
        case "--remote-port" -> remotePort = Integer.parseInt(next(v, a, i++));
        case "--tls" -> tls = true;
        case "--allow-insecure-auth" -> insecureAuth = true;
        case "--domain" -> domains.add(next(v, a, i++));
        case "--user" -> users.add(next(v, a, i++));
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    MailStore store = MailStore.open(Store.sqlite(data.resolve("mail.db")));
    for (String d : domains) store.accounts().ensureDomain(d);
    for (String u : users) {
      int colon = u.indexOf(':');
      if (colon < 0) throw new IllegalArgumentException("--user address:password");
      store.accounts().ensureUser(u.substring(0, colon), u.substring(colon + 1));
    }
    MailServer.Builder b = MailServer.builder(hostname, store).bind(bind).resolver(NameResolver.system())
        .remoteSmtpPort(remotePort).port(SmtpService.MTA, smtp).allowInsecureAuth(insecureAuth);
    if (pop3 >= 0) b.port(org.minternet.mail.pop3.Pop3Service.POP3, pop3);
    if (pop3s >= 0) b.port(org.minternet.mail.pop3.Pop3Service.POP3S, pop3s);
    if (tls || submission >= 0 || smtps >= 0 || pop3 >= 0 || pop3s >= 0) b.tls(TlsContexts.selfSigned(data, List.of(hostname, bind.getHostAddress())));
    if (submission >= 0) b.port(SmtpService.SUBMISSION, submission);
    if (smtps >= 0) b.port(SmtpService.SUBMISSIONS, smtps);
    MailServer server = b.build();
    for (Endpoint e : server.start()) System.out.println(e.service() + " " + e.hostPort());
    System.out.flush();
    return server;
  }

  private static String next(String v, String option, int i) {
    if (v == null) throw new IllegalArgumentException(option + " needs a value");
    return v;
  }
}
