package org.minternet.cli;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.minternet.core.Endpoint;
import org.minternet.dns.resolver.RecursiveResolver;
import org.minternet.dns.resolver.ResolverServer;
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

  @Option(names = "--allow", paramLabel = "CIDR", description = "Client networks served (repeatable; default: loopback only).")
  List<String> allow = new ArrayList<>();

  @Option(names = "--no-qname-minimisation", description = "Send the full name to every server (RFC 9156 off).")
  boolean noMinimisation;

  @Override
  public Integer call() throws Exception {
    RecursiveResolver.Builder rb = RecursiveResolver.builder().authorityPort(authorityPort)
        .qnameMinimisation(!noMinimisation);
    if (hints != null) {
      rb.rootHints(RootHints.load(hints));
    } else {
      List<InetAddress> a = new ArrayList<>();
      for (String r : roots.isEmpty() ? List.of(DigCli.WORLD_ROOT) : roots) a.add(InetAddress.getByName(r));
      rb.rootServers(a);
    }
    RecursiveResolver resolver = rb.build();
    ResolverServer.Builder sb = ResolverServer.builder().resolver(resolver).host(bind)
        .bind(InetAddress.getByName(bind)).port(port);
    if (!allow.isEmpty()) sb.allowOnly(allow);
    ResolverServer server = sb.start();
    StringBuilder where = new StringBuilder();
    for (Endpoint e : server.endpoints()) where.append(' ').append(e.hostPort()).append('/').append(e.transport());
    SocketsCommand.runUntilStopped(() -> {
      server.close();
      resolver.close();
    }, "dns resolver listening on" + where);
    return 0;
  }
}
