package org.minternet.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.minternet.core.naming.MailExchanger;
import org.minternet.core.naming.NameResolver;
import org.minternet.dns.resolver.RecursiveResolver;

/**
 * Name resolution for the command-line clients: the running world's DNS first (iterating from
 * its root, so {@code gaia.cs.umass.edu} resolves while {@code minternet up} runs), then the
 * system's resolver for everything else.
 */
final class WorldDns implements NameResolver {
  private final RecursiveResolver world;
  private final NameResolver system = NameResolver.system();

  WorldDns(String root, int port) throws IOException {
    this.world = RecursiveResolver.builder().rootServers(List.of(InetAddress.getByName(root)))
        .authorityPort(port).maxQueriesPerQuestion(32).build();
  }

  /** The resolver chosen by a {@code --dns} option: world, system, or auto (world then system). */
  static NameResolver choose(String mode) throws IOException {
    return switch (mode) {
      case "system" -> NameResolver.system();
      case "world" -> new WorldDns(DigCli.WORLD_ROOT, DigCli.WORLD_DNS_PORT).world;
      default -> new WorldDns(DigCli.WORLD_ROOT, DigCli.WORLD_DNS_PORT);
    };
  }

  @Override
  public List<InetAddress> addresses(String host) throws IOException {
    try {
      return world.addresses(host);
    } catch (IOException e) {
      return system.addresses(host);
    }
  }

  @Override
  public List<MailExchanger> mailExchangers(String domain) throws IOException {
    try {
      return world.mailExchangers(domain);
    } catch (IOException e) {
      return system.mailExchangers(domain);
    }
  }
}
