package org.minternet.world;

import java.nio.file.Path;
import org.minternet.core.naming.NameResolver;
import org.minternet.core.tap.Transcript;

/**
 * What a service needs to start inside the world: its host, its spec, the whole world, the port
 * plan, the data directory, the shared transcript tap, and the world's name resolution.
 */
public record ServiceContext(WorldSpec world, HostSpec host, ServiceSpec service, PortPlan ports,
    Path dataDir, Transcript transcript, NameResolver resolver, SharedResources shared,
    javax.net.ssl.SSLContext tls) {
  public int port() {
    return ports.port(service.kind());
  }
}
