package org.minternet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.minternet.core.Endpoint;
import org.minternet.dns.resolver.RecursiveResolver;
import org.minternet.dns.resolver.ResolverServer;
import org.minternet.dns.resolver.RootHints;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code minternet dns resolver}: the caching, iterative resolver on its own. */
@Command(name = "resolver", mixinStandardHelpOptions = true,
    description = {"Run the caching resolver alone: recursive service to allowed clients, iterating"
        + " from root hints (the world's root by default), with QNAME minimisation."})
final class ResolverCli implements Callable<Integer> {
  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = {"-p", "--port"}, defaultValue = "5300", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--root", paramLabel = "ADDRESS", description = "A root server's address (repeatable; default: the world's root 127.1.0.1).")
  List<String> roots = new ArrayList<>();

  @Option(names = "--hints", paramLabel = "FILE", description = "Root hints file (named.root format) instead of --root.")
  Path hints;

  @Option(names = "--authority-port", defaultValue = "5300",
      description = "Port of the authoritative servers (53 on the Internet; default: the world's ${DEFAULT-VALUE}).")
  int authorityPort;

  @Option(names = "--allow", paramLabel = "CIDR", description = "Client networks served besides loopback (repeatable).")
  List<String> allow = new ArrayList<>();

  @Option(names = "--rate-limit", paramLabel = "N", defaultValue = "2000",
      description = "UDP responses a second to each client prefix (/24, /56), 0 for no limit (default: ${DEFAULT-VALUE}).")
  int rateLimit;

  @Option(names = "--slip", paramLabel = "N", defaultValue = "2",
      description = "Every N-th rate-limited response is sent truncated, 0 drops them all (default: ${DEFAULT-VALUE}).")
  int slip;

  @Option(names = "--max-cache-mb", paramLabel = "MB", defaultValue = "64",
      description = "Memory for the cache (default: ${DEFAULT-VALUE}).")
  long maxCacheMb;

  @Option(names = "--no-qname-minimisation", description = "Send the full name to every server (RFC 9156 off).")
  boolean noMinimisation;

  @Option(names = "--no-serve-stale", description = "Never answer with expired data when the authorities fail (RFC 8767 off).")
  boolean noServeStale;

  @Option(names = "--no-prefetch", description = "Do not refresh popular entries before they expire.")
  boolean noPrefetch;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return SocketsCommand.startAndRunUntilStopped(this::start);
  }

  /** Starts the resolver and prints where it listens; returns what stops it, or null (having said why). */
  AutoCloseable start(PrintStream out) throws IOException {
    if (rateLimit < 0 || slip < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--rate-limit and --slip are 0 or more");
    if (maxCacheMb < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--max-cache-mb is at least 1");
    List<InetAddress> rootAddresses = new ArrayList<>();
    if (hints != null) {
      rootAddresses.addAll(RootHints.load(hints).addresses());
    } else {
      for (String r : roots.isEmpty() ? List.of(DigCli.WORLD_ROOT) : roots) rootAddresses.add(InetAddress.getByName(r));
    }
    RecursiveResolver resolver = RecursiveResolver.builder().rootServers(rootAddresses)
        .authorityPort(authorityPort).maxCacheBytes(maxCacheMb << 20).qnameMinimisation(!noMinimisation)
        .serveStale(!noServeStale).prefetch(!noPrefetch).build();
    InetAddress address = InetAddress.getByName(bind);
    ResolverServer.Builder b = ResolverServer.builder().resolver(resolver).host(address.getHostAddress())
        .bind(address).port(port).rateLimit(rateLimit, slip);
    for (String c : allow) b.allow(c);
    ResolverServer server;
    try {
      server = b.start();
    } catch (IOException e) {
      out.println("dns resolver: " + e.getMessage());
      resolver.close();
      return null;
    }
    for (Endpoint e : server.endpoints()) out.println("dns resolver: listening on " + e.transport() + " " + e.hostPort());
    out.println("try: dig @" + server.address().getHostAddress() + " -p " + server.port() + " NAME");
    out.flush();
    return () -> {
      server.close();
      resolver.close();
    };
  }
}
