package org.minternet.http.proxy;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.minternet.core.naming.NameResolver;
import org.minternet.core.net.AddressRanges;
import org.minternet.core.tap.Transcript;
import org.minternet.http.wire.Limits;

/**
 * The configuration of a {@link CachingProxy}; build it with {@link CachingProxy#builder()}.
 *
 * @param host the world host name the proxy runs for (reported in its endpoint)
 * @param bind the address to listen on
 * @param port the port (0 picks a free one; the world's plan uses 3128)
 * @param reverseOrigin the one origin of reverse (accelerator) mode, or null for a forward proxy
 * @param resolver how origin names are resolved (the world's resolver in the world)
 * @param clientNetworks CIDR prefixes of the clients served; others get 403
 * @param connectPorts ports CONNECT may reach; empty for any
 * @param memoryBytes bound of the memory store
 * @param maxObjectBytes largest body stored
 * @param diskDirectory directory of the disk tier, or null for memory only
 * @param diskBytes bound of the disk tier
 * @param debugHeader whether replies carry {@code X-Cache: HIT from …}
 * @param via the pseudonym in Via (RFC 9110 §7.6.3), also used for loop detection
 * @param idleTimeout idle time allowed between client requests
 * @param headTimeout deadline for a whole request head
 * @param connectTimeout connect timeout to origins
 * @param originTimeout read timeout on origin connections
 * @param maxConnections client connections served at once
 * @param limits request head and body limits
 * @param transcript tap for exchanges
 * @param clock the clock of the age calculations and of the access log's time stamps (tests move
 *     it)
 * @param accessLog receives one line per request handled (see {@link
 *     CachingProxy.Builder#accessLog}), or null for none
 */
public record ProxyConfig(String host, InetAddress bind, int port, ReverseOrigin reverseOrigin,
    NameResolver resolver, List<String> clientNetworks, Set<Integer> connectPorts,
    long memoryBytes, long maxObjectBytes, Path diskDirectory, long diskBytes,
    boolean debugHeader, String via, Duration idleTimeout, Duration headTimeout,
    Duration connectTimeout, Duration originTimeout, int maxConnections, Limits limits,
    Transcript transcript, Clock clock, Consumer<String> accessLog) {
  public static final long DEFAULT_MEMORY_BYTES = 256L * 1024 * 1024;
  public static final long DEFAULT_MAX_OBJECT_BYTES = 16L * 1024 * 1024;
  public static final long DEFAULT_DISK_BYTES = 1024L * 1024 * 1024;

  public ProxyConfig {
    Objects.requireNonNull(host);
    Objects.requireNonNull(bind);
    Objects.requireNonNull(resolver);
    clientNetworks = List.copyOf(clientNetworks);
    connectPorts = Set.copyOf(connectPorts);
    Objects.requireNonNull(via);
    if (via.isBlank() || via.chars().anyMatch(ch -> ch <= ' ' || ch == ',')) {
      throw new IllegalArgumentException("bad Via pseudonym " + via);
    }
    AddressRanges.parse(clientNetworks);
  }

  /** The origin of reverse mode: a host name (resolved by the resolver) and a port. */
  public record ReverseOrigin(String host, int port) {
    Upstream.Address address() {
      return new Upstream.Address(host, port);
    }
  }

  /** True in reverse (accelerator) mode. */
  public boolean reverse() {
    return reverseOrigin != null;
  }

  Upstream.Address reverseAddress() {
    return reverseOrigin == null ? null : reverseOrigin.address();
  }
}
