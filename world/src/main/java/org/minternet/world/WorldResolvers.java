package org.minternet.world;

import java.net.InetAddress;
import java.util.List;
import org.minternet.core.naming.NameResolver;
import org.minternet.dns.resolver.RecursiveResolver;

/**
 * The world's own name resolution: an iterative, caching resolver whose root hints are the
 * world's root servers, so that a mail server finds an MX through the root, the TLD and the
 * authoritative server as on the Internet. A world without a root zone answers from its
 * description instead.
 */
final class WorldResolvers {
  private WorldResolvers() {}

  static NameResolver create(WorldSpec spec, PortPlan ports) {
    List<InetAddress> roots = spec.zones().stream().filter(z -> z.name().equals("."))
        .flatMap(z -> z.servers().stream()).map(h -> spec.host(h).orElseThrow().address()).toList();
    if (roots.isEmpty()) return new SpecResolver(spec);
    return RecursiveResolver.builder().rootServers(roots).authorityPort(ports.port("dns")).build();
  }
}
