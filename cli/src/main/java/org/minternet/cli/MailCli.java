package org.minternet.cli;

import java.io.Console;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.minternet.core.Endpoint;
import org.minternet.core.store.Store;
import org.minternet.core.tls.TlsContexts;
import org.minternet.mail.MailAdmin;
import org.minternet.mail.MailSend;
import org.minternet.mail.MailServer;
import org.minternet.mail.auth.AuthThrottle;
import org.minternet.mail.imap.ImapClient;
import org.minternet.mail.imap.ImapService;
import org.minternet.mail.pop3.Pop3Client;
import org.minternet.mail.pop3.Pop3Service;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.PasswordHasher;
import org.minternet.world.HostSpec;
import org.minternet.world.WorldFile;
import org.minternet.world.WorldOptions;
import org.minternet.world.WorldSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code minternet mail}: the user agent and the administration of mail hosts. */
@Command(name = "mail", mixinStandardHelpOptions = true,
    description = "E-mail: send as a user agent; manage the domains, users, aliases and queue of a mail host.",
    subcommands = {MailCli.Serve.class, MailCli.Send.class, MailCli.Folders.class, MailCli.ListMail.class, MailCli.Read.class,
        MailCli.FetchMail.class, MailCli.Domain.class, MailCli.User.class, MailCli.Alias.class,
        MailCli.Queue.class})
final class MailCli extends CommandGroup {
  /** Which world and data directory the mail commands work on. */
  static class WorldChoice {
    @Option(names = "--world", paramLabel = "FILE", description = "World description (default: the embedded default world).")
    Path worldFile;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: $MINTERNET_DATA or ~/.minternet).")
    Path data;

    WorldSpec world() throws IOException {
      return worldFile == null ? WorldFile.defaultWorld() : WorldFile.read(worldFile);
    }

    Path dataDir() {
      return data == null ? WorldOptions.defaultDataDir() : data;
    }

    /**
     * Where to reach the mail server of {@code address}: {@code server} (HOST[:PORT]) when given,
     * otherwise the world's mail host for the address's domain, on {@code defaultPort}.
     */
    HostPort mailServer(String server, String address, int defaultPort) throws IOException {
      if (server != null) return HostPort.parse(server, defaultPort);
      String domain = address.substring(address.indexOf('@') + 1).replaceAll(">.*", "");
      return new HostPort(mailHostOf(domain).map(h -> h.address().getHostAddress()).orElseThrow(
          () -> new IOException("no mail host for " + domain + " in the world; give --server")), defaultPort);
    }

    /** The password: given, else $MINTERNET_PASSWORD, else the world's for its user, else asked. */
    String password(String given, String address) throws IOException {
      if (given != null) return given;
      String env = System.getenv("MINTERNET_PASSWORD");
      if (env != null) return env;
      Optional<String> w = world().users().stream().filter(u -> u.address().equalsIgnoreCase(address))
          .map(WorldSpec.UserSpec::password).findFirst();
      if (w.isPresent()) return w.get();
      Console c = System.console();
      if (c == null) throw new IOException("no password: give --password or set MINTERNET_PASSWORD");
      return new String(c.readPassword("password for %s: ", address));
    }

    /** Trust for TLS: the world's certificate beside the system's authorities, or any with --insecure. */
    SSLContext trust(boolean insecure) throws IOException {
      return ServerTrust.of(dataDir(), "--data", insecure);
    }

    /** The world mail host whose MX serves a domain. */
    Optional<HostSpec> mailHostOf(String domain) throws IOException {
      WorldSpec w = world();
      return w.mx().stream().filter(m -> m.domain().equalsIgnoreCase(domain)).findFirst()
          .flatMap(m -> w.host(m.host()));
    }
  }

  /** Options of the administration commands: which host's store. */
  static class StoreChoice extends WorldChoice {
    @Option(names = "--host", paramLabel = "HOST", description = "The world mail host (default: the MX of the address's domain).")
    String host;

    @Option(names = "--store", paramLabel = "FILE", description = "A mail store file instead of a world host's.")
    Path store;

    /** The store of the host, which must exist: commands that read or change what is there. */
    MailStore open(String addressOrDomain) throws IOException {
      Path file = file(addressOrDomain);
      if (!Files.isRegularFile(file)) {
        throw new IOException(store != null
            ? "no mail store at " + file + ": nothing to read there (is the path right?)"
            : "no mail store for " + host(addressOrDomain) + " in " + dataDir() + " yet: nothing to read there"
                + " (the host creates it when it first starts; is this the world's --data?)");
      }
      return MailStore.open(Store.sqliteExisting(file));
    }

    /** The store of the host, created when missing: commands that add to it. */
    MailStore openOrCreate(String addressOrDomain) throws IOException {
      return MailStore.open(Store.sqlite(file(addressOrDomain)));
    }

    private Path file(String addressOrDomain) throws IOException {
      return store != null ? store : dataDir().resolve("mail").resolve(host(addressOrDomain)).resolve("mail.db");
    }

    private String host(String addressOrDomain) throws IOException {
      String h = host;
      if (h == null && addressOrDomain != null) {
        String domain = addressOrDomain.substring(addressOrDomain.indexOf('@') + 1);
        h = mailHostOf(domain).map(HostSpec::name).orElse(null);
      }
      if (h == null) throw new IOException("say which mail host with --host (or --store FILE)");
      return h;
    }
  }

  /** Who reads: the account of a world user, on their mail host, over TLS with the world's certificate. */
  static class Reader extends WorldChoice {
    @Option(names = {"-u", "--user"}, required = true, paramLabel = "ADDRESS", description = "The user, e.g. bob@hamburger.edu.")
    String user;

    @Option(names = "--password", description = "Password (default: $MINTERNET_PASSWORD, the world's, or asked).")
    String password;

    @Option(names = "--server", paramLabel = "HOST[:PORT]", description = "The mail server (default: the world's mail host of the user).")
    String server;

    @Option(names = {"-k", "--insecure"}, description = "Accept any server certificate (not only the world's of --data).")
    boolean insecure;

    SSLContext trust() throws IOException {
      return trust(insecure);
    }

    HostPort server(int worldDefaultPort) throws IOException {
      return mailServer(server, user, worldDefaultPort);
    }

    ImapClient.Account imap() throws IOException {
      HostPort at = server(1143);
      return new ImapClient.Account(at.host(), at.port(), ImapClient.Security.STARTTLS, user, password(password, user),
          trust());
    }
  }

  @Command(name = "folders", mixinStandardHelpOptions = true, description = "List a user's folders (IMAP).")
  static final class Folders implements Callable<Integer> {
    @Mixin Reader reader;

    @Override
    public Integer call() throws Exception {
      for (ImapClient.Folder f : ImapClient.folders(reader.imap())) {
        System.out.printf("%-20s %s%n", f.name(), String.join(" ", f.attributes()));
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the messages of a folder (IMAP; they stay on the server).")
  static final class ListMail implements Callable<Integer> {
    @Mixin Reader reader;

    @Option(names = {"-f", "--folder"}, defaultValue = "INBOX", description = "The folder (default: ${DEFAULT-VALUE}).")
    String folder;

    @Override
    public Integer call() throws Exception {
      List<ImapClient.MessageSummary> all = ImapClient.list(reader.imap(), folder);
      if (all.isEmpty()) System.out.println(folder + " is empty");
      for (ImapClient.MessageSummary m : all) {
        String seen = m.flags().contains("\\Seen") ? " " : "N";
        System.out.printf("%s %3d  %-31s  %-28s  %s (%d bytes)%n", seen, m.number(), cut(m.date(), 31),
            cut(m.from(), 28), m.subject(), m.size());
      }
      return 0;
    }

    private static String cut(String s, int n) {
      if (s == null) return "";
      return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
  }

  @Command(name = "read", mixinStandardHelpOptions = true, description = "Show message N of a folder (IMAP), marking it seen.")
  static final class Read implements Callable<Integer> {
    @Mixin Reader reader;

    @Parameters(paramLabel = "N", description = "The message number, as 'mail list' shows it.")
    int number;

    @Option(names = {"-f", "--folder"}, defaultValue = "INBOX", description = "The folder (default: ${DEFAULT-VALUE}).")
    String folder;

    @Override
    public Integer call() throws Exception {
      byte[] message = ImapClient.read(reader.imap(), folder, number);
      System.out.write(message);
      System.out.flush();
      return 0;
    }
  }

  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = "Download new mail with POP3 into a directory (.eml files): download-and-keep by default,"
          + " or download-and-delete with --delete.")
  static final class FetchMail implements Callable<Integer> {
    @Mixin Reader reader;

    @Option(names = "--pop3", description = "Use POP3 (the default and only protocol of this command).")
    boolean pop3 = true;

    @Option(names = "--delete", description = "Delete each message on the server after downloading it.")
    boolean delete;

    @Option(names = "--apop", description = "Log in with APOP (RFC 1939 §7); --password (or $MINTERNET_PASSWORD)"
        + " is then the user's APOP secret, not the login password.")
    boolean apop;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Where to save messages (default: DATA/mailbox/USER).")
    Path output;

    @Override
    public Integer call() throws Exception {
      Path dir = output != null ? output : reader.dataDir().resolve("mailbox").resolve(reader.user);
      HostPort at = reader.server(1110);
      String secret = apop ? apopSecret() : reader.password(reader.password, reader.user);
      Pop3Client.Account a = new Pop3Client.Account(at.host(), at.port(), Pop3Client.Security.STLS,
          reader.user, secret, reader.trust(), apop);
      Pop3Client.fetch(a, dir, delete, System.out);
      return 0;
    }

    /** The APOP secret: --password, else $MINTERNET_PASSWORD, else asked (never the world's login password). */
    private String apopSecret() throws IOException {
      if (reader.password != null) return reader.password;
      String env = System.getenv("MINTERNET_PASSWORD");
      if (env != null) return env;
      Console c = System.console();
      if (c == null) throw new IOException("no APOP secret: give --password or set MINTERNET_PASSWORD");
      return new String(c.readPassword("APOP secret for %s: ", reader.user));
    }
  }

  static int exit(int rc) {
    System.out.flush();
    return rc == 0 ? 0 : Main.FAILED;
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = {"Run one mail host alone, outside a world: SMTP (MTA, submission, submissions) with its"
          + " outgoing queue, POP3 and IMAP over one store in DATA/mail/HOST/mail.db; the system's DNS finds"
          + " other domains' MX.",
          "Example: minternet mail serve --hostname mail.example.test --domain example.test"
              + " --user alice@example.test:secret"})
  static final class Serve implements Callable<Integer> {
    @Option(names = "--hostname", required = true, description = "This host's name (EHLO, greetings, certificate).")
    String hostname;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: $MINTERNET_DATA or ~/.minternet).")
    Path data;

    @Option(names = "--smtp", defaultValue = "2525", description = "MTA port, -1 for none (default: ${DEFAULT-VALUE}).")
    int smtp;

    @Option(names = "--submission", defaultValue = "5587", description = "Submission port (STARTTLS), -1 for none (default: ${DEFAULT-VALUE}).")
    int submission;

    @Option(names = "--smtps", defaultValue = "4465", description = "Submission over TLS, -1 for none (default: ${DEFAULT-VALUE}).")
    int smtps;

    @Option(names = "--pop3", defaultValue = "1110", description = "POP3 port (STLS), -1 for none (default: ${DEFAULT-VALUE}).")
    int pop3;

    @Option(names = "--pop3s", defaultValue = "1995", description = "POP3 over TLS, -1 for none (default: ${DEFAULT-VALUE}).")
    int pop3s;

    @Option(names = "--imap", defaultValue = "1143", description = "IMAP port (STARTTLS), -1 for none (default: ${DEFAULT-VALUE}).")
    int imap;

    @Option(names = "--imaps", defaultValue = "1993", description = "IMAP over TLS, -1 for none (default: ${DEFAULT-VALUE}).")
    int imaps;

    @Option(names = "--remote-port", defaultValue = "25", description = "SMTP port of other mail servers (default: ${DEFAULT-VALUE}).")
    int remotePort;

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "A domain to accept mail for (repeatable).")
    List<String> domains = new ArrayList<>();

    @Option(names = "--user", paramLabel = "ADDRESS:PASSWORD", description = "A user to create if missing (repeatable).")
    List<String> users = new ArrayList<>();

    @Option(names = "--relay-network", paramLabel = "CIDR", description = "Clients allowed to relay without AUTH (repeatable; default none).")
    List<String> relay = new ArrayList<>();

    @Option(names = "--allow-insecure-auth", description = "Allow logins without TLS (only for a private test network).")
    boolean insecureAuth;

    @Option(names = "--auth-fail-threshold", defaultValue = "5", paramLabel = "N",
        description = "Failed logins from one address before each further try is delayed (default: ${DEFAULT-VALUE}).")
    int authThreshold;

    @Option(names = "--auth-fail-ceiling", defaultValue = "30", paramLabel = "N",
        description = "Failed logins from one address before it is refused for a while (default: ${DEFAULT-VALUE}).")
    int authCeiling;

    @Option(names = "--auth-fail-window", defaultValue = "10m", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "How long failures are remembered after the last one (default: ${DEFAULT-VALUE}).")
    java.time.Duration authWindow;

    @Option(names = "--auth-throttle-exempt", paramLabel = "CIDR",
        description = "Client networks whose failed logins are never throttled (repeatable).")
    List<String> authExempt = new ArrayList<>();

    @Option(names = "--no-auth-throttle", description = "Do not throttle failed logins at all (a test bench that fails on purpose).")
    boolean noAuthThrottle;

    @Option(names = "--password-iterations", paramLabel = "N",
        description = "PBKDF2 iterations for the passwords of the users this creates (default: "
            + PasswordHasher.DEFAULT_ITERATIONS + "; fewer make logins cheaper, for a test bench).")
    Integer passwordIterations;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (authThreshold < 1 || authCeiling < authThreshold) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--auth-fail-threshold must be at least 1 and --auth-fail-ceiling at least the threshold");
      }
      PasswordHasher hasher;
      AuthThrottle throttle;
      try {
        hasher = passwordIterations == null ? PasswordHasher.standard() : new PasswordHasher(passwordIterations);
        throttle = noAuthThrottle ? AuthThrottle.disabled()
            : AuthThrottle.builder().threshold(authThreshold).ceiling(authCeiling).window(authWindow).exempt(authExempt).build();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      for (String u : users) {
        if (u.indexOf(':') <= 0) throw new CommandLine.ParameterException(spec.commandLine(), "--user needs ADDRESS:PASSWORD");
      }
      Path dataDir = data == null ? WorldOptions.defaultDataDir() : data;
      InetAddress address = InetAddress.getByName(bind);
      Store db = Store.sqlite(dataDir.resolve("mail").resolve(hostname).resolve("mail.db"));
      MailServer mail;
      List<Endpoint> endpoints;
      try {
        MailStore store = MailStore.open(db, hasher);
        for (String d : domains) store.accounts().ensureDomain(d);
        for (String u : users) {
          int colon = u.indexOf(':');
          store.accounts().ensureUser(u.substring(0, colon), u.substring(colon + 1));
        }
        SSLContext tls = TlsContexts.selfSigned(dataDir, List.of(hostname, bind, "localhost"));
        MailServer.Builder b = MailServer.builder(hostname, store).bind(address)
            .tls(tls).remoteSmtpPort(remotePort).relayNetworks(relay).allowInsecureAuth(insecureAuth)
            .authThrottle(throttle);
        if (smtp >= 0) b.port(SmtpService.MTA, smtp);
        if (submission >= 0) b.port(SmtpService.SUBMISSION, submission);
        if (smtps >= 0) b.port(SmtpService.SUBMISSIONS, smtps);
        if (pop3 >= 0) b.port(Pop3Service.POP3, pop3);
        if (pop3s >= 0) b.port(Pop3Service.POP3S, pop3s);
        if (imap >= 0) b.port(ImapService.IMAP, imap);
        if (imaps >= 0) b.port(ImapService.IMAPS, imaps);
        mail = b.build();
        endpoints = mail.start();
      } catch (IOException | RuntimeException e) {
        db.close();
        throw e;
      }
      StringBuilder where = new StringBuilder();
      for (Endpoint e : endpoints) where.append(' ').append(e.service()).append('=').append(e.hostPort());
      SocketsCommand.runUntilStopped(() -> {
        mail.close();
        db.close();
      }, "mail host " + hostname + " serving" + where);
      return 0;
    }
  }

  @Command(name = "send", mixinStandardHelpOptions = true,
      description = {"Compose a message and submit it to the sender's mail server (submission with STARTTLS,"
          + " authenticated), which queues it and delivers it to each recipient's server through the DNS.",
          "For users of the world the server, port, certificate and password come from the world."},
      footer = {"", "Example:", "  minternet mail send --from alice@crepes.fr --to bob@hamburger.edu --subject Hi --body 'Bonjour Bob'"})
  static final class Send implements Callable<Integer> {
    @Mixin WorldChoice world;

    @Option(names = "--from", required = true, paramLabel = "ADDRESS", description = "The sender (and login).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ADDRESS", description = "A recipient (repeatable).")
    List<String> to = new ArrayList<>();

    @Option(names = "--cc", paramLabel = "ADDRESS", description = "A Cc recipient (repeatable).")
    List<String> cc = new ArrayList<>();

    @Option(names = "--bcc", paramLabel = "ADDRESS", description = "A Bcc recipient (repeatable).")
    List<String> bcc = new ArrayList<>();

    @Option(names = {"-s", "--subject"}, defaultValue = "", description = "The subject.")
    String subject;

    @Option(names = "--body", paramLabel = "TEXT", description = "The text (default: read from standard input).")
    String body;

    @Option(names = {"-a", "--attach"}, paramLabel = "FILE", description = "Attach a file (repeatable).")
    List<Path> attachments = new ArrayList<>();

    @Option(names = "--server", paramLabel = "HOST[:PORT]", description = "Submission server (default: the world's mail host of the sender).")
    String server;

    @Option(names = "--security", defaultValue = "starttls", paramLabel = "MODE",
        description = "starttls (default, port 587 / world 5587), tls (465 / 4465) or none.")
    String security;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password (default: $MINTERNET_PASSWORD, the world's, or asked).")
    String password;

    @Option(names = "--no-auth", description = "Submit without authenticating.")
    boolean noAuth;

    @Option(names = {"-k", "--insecure"}, description = "Accept any server certificate (not only the world's of --data).")
    boolean insecure;

    @Override
    public Integer call() throws Exception {
      MailSend.Security sec = switch (security.toLowerCase(java.util.Locale.ROOT)) {
        case "tls" -> MailSend.Security.TLS;
        case "none" -> MailSend.Security.NONE;
        default -> MailSend.Security.STARTTLS;
      };
      HostPort at = world.mailServer(server, from, sec == MailSend.Security.TLS ? 4465 : 5587);
      String login = bareAddress(from);
      String pw = noAuth ? null : world.password(password, login);
      SSLContext trust = sec == MailSend.Security.NONE ? null : world.trust(insecure);
      String text = body != null ? body : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      MailSend.Options o = new MailSend.Options(at.host(), at.port(), sec, trust, noAuth ? null : login, pw, from, to, cc,
          bcc, subject, text, attachments, Duration.ofSeconds(60), null, null);
      return exit(MailSend.run(o, System.out));
    }

    private static String bareAddress(String from) {
      int lt = from.indexOf('<');
      int gt = from.indexOf('>');
      return (lt >= 0 && gt > lt ? from.substring(lt + 1, gt) : from).trim();
    }
  }

  @Command(name = "domain", mixinStandardHelpOptions = true, description = "Domains a mail host accepts mail for.")
  static final class Domain extends CommandGroup {
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a domain.")
    int add(@Mixin StoreChoice s, @Parameters(paramLabel = "DOMAIN") String domain) throws IOException {
      return exit(MailAdmin.addDomain(s.openOrCreate(domain), domain, System.out));
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a domain (and its users).")
    int remove(@Mixin StoreChoice s, @Parameters(paramLabel = "DOMAIN") String domain) throws IOException {
      return exit(MailAdmin.removeDomain(s.open(domain), domain, System.out));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the domains of a host.")
    int list(@Mixin StoreChoice s) throws IOException {
      return exit(MailAdmin.listDomains(s.open(null), System.out));
    }
  }

  @Command(name = "user", mixinStandardHelpOptions = true, description = "Users (mailboxes) of a mail host.")
  static final class User extends CommandGroup {
    private static String password(String given) throws IOException {
      if (given != null) return given;
      String env = System.getenv("MINTERNET_PASSWORD");
      if (env != null) return env;
      Console c = System.console();
      if (c == null) throw new IOException("no password: give --password or set MINTERNET_PASSWORD");
      return new String(c.readPassword("new password: "));
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user with the special folders.")
    int add(@Mixin StoreChoice s, @Parameters(paramLabel = "ADDRESS") String address,
        @Option(names = "--password", description = "Password (default: $MINTERNET_PASSWORD or asked).") String pw)
        throws IOException {
      return exit(MailAdmin.addUser(s.openOrCreate(address), address, password(pw), System.out));
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Change a user's password.")
    int passwd(@Mixin StoreChoice s, @Parameters(paramLabel = "ADDRESS") String address,
        @Option(names = "--password", description = "New password (default: $MINTERNET_PASSWORD or asked).") String pw)
        throws IOException {
      return exit(MailAdmin.setPassword(s.open(address), address, password(pw), System.out));
    }

    @Command(name = "apop-secret", mixinStandardHelpOptions = true,
        description = {"Set or remove a user's APOP secret (POP3 APOP, RFC 1939 §7).",
            "APOP is off for a user until this sets a secret. The secret is separate from the login"
                + " password (which must differ and stays hashed) and is stored readable, because the"
                + " server computes MD5(timestamp + secret); a client that logs in with APOP uses this"
                + " secret instead of the password (e.g. fetchmail's 'protocol APOP')."})
    int apopSecret(@Mixin StoreChoice s, @Parameters(paramLabel = "ADDRESS") String address,
        @Option(names = "--secret", paramLabel = "SECRET",
            description = "The secret (default: $MINTERNET_APOP_SECRET or asked).") String secret,
        @Option(names = "--clear", description = "Remove the secret: APOP stops working for this user.") boolean clear)
        throws IOException {
      if (clear && secret != null) throw new IOException("give either --secret or --clear, not both");
      String value = clear ? null : apopSecret(secret);
      if (!clear && value.isEmpty()) throw new IOException("empty APOP secret: use --clear to remove one");
      return exit(MailAdmin.setApopSecret(s.open(address), address, value, System.out));
    }

    private static String apopSecret(String given) throws IOException {
      if (given != null) return given;
      String env = System.getenv("MINTERNET_APOP_SECRET");
      if (env != null) return env;
      Console c = System.console();
      if (c == null) throw new IOException("no APOP secret: give --secret or set MINTERNET_APOP_SECRET");
      return new String(c.readPassword("new APOP secret: "));
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user and their mail.")
    int remove(@Mixin StoreChoice s, @Parameters(paramLabel = "ADDRESS") String address) throws IOException {
      return exit(MailAdmin.removeUser(s.open(address), address, System.out));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users of a domain.")
    int list(@Mixin StoreChoice s, @Parameters(paramLabel = "DOMAIN") String domain) throws IOException {
      return exit(MailAdmin.listUsers(s.open(domain), domain, System.out));
    }
  }

  @Command(name = "alias", mixinStandardHelpOptions = true, description = "Aliases: addresses delivered to another.")
  static final class Alias extends CommandGroup {
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Deliver ALIAS to TARGET.")
    int add(@Mixin StoreChoice s, @Parameters(index = "0", paramLabel = "ALIAS") String alias,
        @Parameters(index = "1", paramLabel = "TARGET") String target) throws IOException {
      return exit(MailAdmin.addAlias(s.openOrCreate(alias), alias, target, System.out));
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an alias.")
    int remove(@Mixin StoreChoice s, @Parameters(paramLabel = "ALIAS") String alias) throws IOException {
      return exit(MailAdmin.removeAlias(s.open(alias), alias, System.out));
    }
  }

  @Command(name = "queue", mixinStandardHelpOptions = true, description = "The outgoing queue of a mail host (--host).")
  static final class Queue extends CommandGroup {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Messages waiting, with each recipient's state.")
    int list(@Mixin StoreChoice s) throws IOException {
      return exit(MailAdmin.listQueue(s.open(null), System.out));
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, description = "Retry a queued message now.")
    int retry(@Mixin StoreChoice s, @Parameters(paramLabel = "ID") String id) throws IOException {
      return exit(MailAdmin.retry(s.open(null), MailAdmin.parseQueueId(id), System.out));
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a queued message.")
    int remove(@Mixin StoreChoice s, @Parameters(paramLabel = "ID") String id) throws IOException {
      return exit(MailAdmin.removeQueued(s.open(null), MailAdmin.parseQueueId(id), System.out));
    }
  }
}
