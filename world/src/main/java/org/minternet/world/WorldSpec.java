package org.minternet.world;

import java.util.List;
import java.util.Optional;

/**
 * A parsed world description: hosts with addresses and services, zones with their authoritative
 * servers, mail exchangers and users. Immutable.
 */
public record WorldSpec(String name, List<HostSpec> hosts, List<ZoneSpec> zones, List<MxSpec> mx,
    List<UserSpec> users) {

  /** The authoritative servers of a zone, primary first ("." is the root). */
  public record ZoneSpec(String name, List<String> servers) {
    public ZoneSpec {
      servers = List.copyOf(servers);
    }
  }

  /** A mail exchanger of a domain. */
  public record MxSpec(String domain, String host, int preference) {}

  /** A mail user of the world. */
  public record UserSpec(String address, String password) {
    public String localPart() {
      return address.substring(0, address.indexOf('@'));
    }

    public String domain() {
      return address.substring(address.indexOf('@') + 1);
    }
  }

  public WorldSpec {
    hosts = List.copyOf(hosts);
    zones = List.copyOf(zones);
    mx = List.copyOf(mx);
    users = List.copyOf(users);
  }

  public Optional<HostSpec> host(String name) {
    return hosts.stream().filter(h -> h.name().equalsIgnoreCase(name)).findFirst();
  }

  /** The hosts that run a service kind. */
  public List<HostSpec> hostsRunning(String kind) {
    return hosts.stream().filter(h -> h.runs(kind)).toList();
  }
}
