package org.minternet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.minternet.core.Endpoint;
import org.minternet.core.store.Store;
import org.minternet.dns.server.AuthoritativeServer;
import org.minternet.dns.client.Registrar;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Tsig;
import org.minternet.dns.zone.ZoneException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code minternet dns}: DNS servers on their own, and changing the world's DNS. */
@Command(name = "dns", mixinStandardHelpOptions = true,
    description = "DNS: run an authoritative server or the caching resolver alone, register a domain.",
    subcommands = {DnsCli.Serve.class, DnsCli.Register.class, ResolverCli.class, ResolverCacheCli.class})
final class DnsCli extends CommandGroup {
  static Tsig.Key key(CommandLine cl, String spec) {
    int colon = spec.indexOf(':');
    if (colon <= 0) throw new CommandLine.ParameterException(cl, "--key needs NAME:BASE64SECRET");
    try {
      return Tsig.Key.hmacSha256(spec.substring(0, colon), spec.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--key: " + e.getMessage());
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Serve zone files authoritatively over UDP and TCP until stopped; SIGHUP reloads them.")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = {"-p", "--port"}, defaultValue = "5300", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--zone", paramLabel = "ORIGIN=FILE", required = true,
        description = "A zone to serve from a master file, e.g. example.com=example.com.zone (repeatable).")
    List<String> zones = new ArrayList<>();

    @Option(names = "--key", paramLabel = "NAME:SECRET", description = "A TSIG key (HMAC-SHA256, base64) allowed to UPDATE (repeatable).")
    List<String> keys = new ArrayList<>();

    @Option(names = "--store", paramLabel = "FILE", description = "Store for dynamic updates, so they survive restarts.")
    Path store;

    @Option(names = "--udp-threads", defaultValue = "1", paramLabel = "N", description = "Threads receiving UDP queries (default: ${DEFAULT-VALUE}).")
    int udpThreads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      return SocketsCommand.startAndRunUntilStopped(this::start);
    }

    /**
     * Starts the server and prints its endpoints; SIGHUP reloads the zone files from then on.
     * Returns what stops it, or null (having said why) when it cannot start.
     */
    AutoCloseable start(PrintStream out) throws IOException {
      InetAddress address = InetAddress.getByName(bind);
      AuthoritativeServer.Builder b = AuthoritativeServer.builder().host(address.getHostAddress())
          .bind(address).port(port).udpThreads(udpThreads);
      for (String z : zones) {
        int eq = z.indexOf('=');
        if (eq <= 0) throw new CommandLine.ParameterException(spec.commandLine(), "--zone needs ORIGIN=FILE, not " + z);
        String origin = z.substring(0, eq);
        b.zoneFile(Path.of(z.substring(eq + 1)), Name.of(origin.endsWith(".") ? origin : origin + "."));
      }
      for (String s : keys) b.updateKey(key(spec.commandLine(), s));
      Store db = store == null ? null : Store.sqlite(store);
      if (db != null) b.store(db);
      AuthoritativeServer server;
      try {
        server = b.start();
      } catch (IOException | ZoneException e) {
        out.println("dns serve: " + e.getMessage());
        if (db != null) db.close();
        return null;
      }
      for (Endpoint e : server.endpoints()) out.println("dns serving on " + e.transport() + " " + e.hostPort());
      out.flush();
      onHangup(() -> {
        try {
          server.reload();
          out.println("dns serve: zones reloaded");
        } catch (IOException | ZoneException e) {
          out.println("dns serve: reload failed, keeping the old zones: " + e.getMessage());
        }
      });
      return () -> {
        server.close();
        if (db != null) db.close();
      };
    }

    /** Runs {@code action} on SIGHUP where the platform has signals. */
    @SuppressWarnings("removal")
    static void onHangup(Runnable action) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> Thread.ofVirtual().start(action));
      } catch (IllegalArgumentException | LinkageError e) {
        // no SIGHUP here (e.g. Windows): the zones are read at start only
      }
    }
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = {"Do what a registrar does: add a domain's NS and glue records to its parent zone"
          + " with a TSIG-signed dynamic UPDATE (RFC 2136).",
          "Example: minternet dns register newschool.edu --ns dns.newschool.edu --ns-address 127.3.0.1"
              + " --create-on 127.3.0.1 --web-address 127.4.0.1"})
  static final class Register implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DOMAIN", description = "The new domain.")
    String domain;

    @Option(names = "--ns", required = true, description = "A name server of the domain (repeatable).")
    List<String> ns = new ArrayList<>();

    @Option(names = "--ns-address", description = "The address of each --ns, in the same order (glue).")
    List<String> addresses = new ArrayList<>();

    @Option(names = "--parent", description = "The zone to update (default: the domain's parent).")
    String parent;

    @Option(names = "--server", defaultValue = "127.2.0.1",
        description = "The parent zone's primary server (default: the world's TLD server, ${DEFAULT-VALUE}).")
    String server;

    @Option(names = {"-p", "--port"}, defaultValue = "5300", description = "Its port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--key", paramLabel = "NAME:SECRET",
        description = "The TSIG key the parent server accepts (default: the world's, from DATA/dns/update.key).")
    String key;

    @Option(names = "--data", paramLabel = "DIR", description = "The world's data directory (default: $MINTERNET_DATA or ~/.minternet).")
    Path data;

    @Option(names = "--create-on", paramLabel = "ADDRESS[:PORT]",
        description = "Also create the new domain's zone (SOA, NS, glue) on this authoritative server, e.g. 127.3.0.1.")
    String createOn;

    @Option(names = "--web-address", paramLabel = "ADDRESS", description = "With --create-on: an address for the domain and its www.")
    String webAddress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!addresses.isEmpty() && addresses.size() != ns.size()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "give one --ns-address per --ns, or none");
      }
      List<InetAddress> a = new ArrayList<>();
      for (String s : addresses) a.add(InetAddress.getByName(s));
      Tsig.Key k = key != null ? key(spec.commandLine(), key)
          : org.minternet.world.services.DnsServices.updateKey(
              data == null ? org.minternet.world.WorldOptions.defaultDataDir() : data);
      Registrar.Options o = new Registrar.Options(domain, ns, a, parent,
          new InetSocketAddress(InetAddress.getByName(server), port), k);
      if (createOn != null) {
        InetSocketAddress at = HostPort.parse(createOn, port).resolve();
        InetAddress web = webAddress == null ? null : InetAddress.getByName(webAddress);
        if (Registrar.create(o, at, createOn, web, System.out) != 0) return Main.FAILED;
      }
      return Registrar.run(o, System.out) == 0 ? 0 : Main.FAILED;
    }
  }
}
