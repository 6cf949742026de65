package org.minternet.world;

import java.net.InetAddress;
import java.util.List;

/** A host of the world: its name, its own loopback address, and the services it runs. */
public record HostSpec(String name, InetAddress address, List<ServiceSpec> services) {
  public HostSpec {
    services = List.copyOf(services);
  }

  public boolean runs(String kind) {
    return services.stream().anyMatch(s -> s.kind().equals(kind));
  }
}
