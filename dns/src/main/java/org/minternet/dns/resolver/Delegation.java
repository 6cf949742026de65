package org.minternet.dns.resolver;

import java.net.InetAddress;
import java.util.List;
import org.minternet.dns.wire.Name;

/**
 * The servers of one zone as the resolver knows them: the zone, its name servers' names, and,
 * for the root from the hints, the addresses themselves.
 */
record Delegation(Name zone, List<Name> nameServers, List<InetAddress> hintAddresses) {
  Delegation {
    nameServers = List.copyOf(nameServers);
    hintAddresses = List.copyOf(hintAddresses);
  }
}
