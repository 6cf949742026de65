package org.minternet.world;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.minternet.core.naming.MailExchanger;
import org.minternet.core.naming.NameResolver;

/**
 * Answers names from the world description itself, like a hosts file. Used only when the world
 * runs no resolver service; otherwise names go through the world's DNS.
 */
final class SpecResolver implements NameResolver {
  private final WorldSpec world;

  SpecResolver(WorldSpec world) {
    this.world = world;
  }

  @Override
  public List<InetAddress> addresses(String host) throws IOException {
    String h = strip(host);
    return world.host(h).map(spec -> List.of(spec.address()))
        .orElseThrow(() -> new UnknownHostException(host + ": not a host of world " + world.name()));
  }

  @Override
  public List<MailExchanger> mailExchangers(String domain) throws IOException {
    String d = strip(domain);
    List<MailExchanger> mx = world.mx().stream().filter(m -> m.domain().equals(d))
        .map(m -> new MailExchanger(m.preference(), m.host()))
        .sorted(Comparator.comparingInt(MailExchanger::preference)).toList();
    if (!mx.isEmpty()) return mx;
    if (world.host(d).isPresent()) return List.of(new MailExchanger(0, d));
    throw new UnknownHostException(domain + ": no such domain in world " + world.name());
  }

  private static String strip(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
