package org.minternet.cli;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.minternet.dns.resolver.ResolverCommand;
import org.minternet.dns.resolver.RootHints;
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

  @Option(names = "--rate-limit", defaultValue = "2000", paramLabel = "N",
      description = "Responses per second to one client prefix, 0 for no limit (default: ${DEFAULT-VALUE}).")
  int rateLimit;

  @Option(names = "--no-qname-minimisation", description = "Send the full name to every server (RFC 9156 off).")
  boolean noMinimisation;

  @Override
  public Integer call() throws Exception {
    List<InetAddress> rootAddresses = new ArrayList<>();
    if (hints != null) {
      rootAddresses.addAll(RootHints.load(hints).addresses());
    } else {
      for (String r : roots.isEmpty() ? List.of(DigCli.WORLD_ROOT) : roots) rootAddresses.add(InetAddress.getByName(r));
    }
    ResolverCommand.Options o = new ResolverCommand.Options(InetAddress.getByName(bind), port, rootAddresses,
        authorityPort, allow, rateLimit, 2, 64L << 20, !noMinimisation, true, true, List.of());
    return ResolverCommand.serve(o, System.out) == 0 ? 0 : Main.FAILED;
  }
}
