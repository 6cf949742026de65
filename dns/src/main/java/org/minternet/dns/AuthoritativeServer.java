package org.minternet.dns;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.minternet.core.Endpoint;
import org.minternet.core.net.TcpListener;
import org.minternet.core.net.UdpListener;
import org.minternet.core.tap.Transcript;
import org.minternet.dns.wire.Edns;
import org.minternet.dns.wire.Name;
import org.minternet.dns.zone.Zone;
import org.minternet.dns.zone.ZoneException;
import org.minternet.dns.zone.ZoneFile;

/**
 * An authoritative DNS server for a set of zones, over UDP and TCP on one address and port.
 *
 * <pre>{@code
 * AuthoritativeServer s = AuthoritativeServer.builder()
 *     .host("a.root-servers.net").bind(addr).port(5300)
 *     .zone(rootZone).zoneFile(Path.of("edu.zone"), Name.of("edu."))
 *     .start();
 * List<Endpoint> where = s.endpoints();
 * }</pre>
 *
 * <p>UDP queries are answered on the receiving thread from memory; TCP connections each get a
 * virtual thread. {@link #reload()} re-reads the zone files and {@link #putZone} replaces one
 * zone; either way the new data is published at once and no query is dropped. A zone file with
 * an error leaves the zones being served unchanged.
 */
public final class AuthoritativeServer implements Closeable {
  /** Default idle time of a TCP connection between queries (RFC 7766 §6.2.3). */
  public static final Duration DEFAULT_TCP_IDLE = Duration.ofSeconds(30);

  private final Builder config;
  private final ZoneSet zones;
  private final Authority authority;
  private UdpListener udp;
  private TcpListener tcp;

  private AuthoritativeServer(Builder b, List<Zone> initial) {
    this.config = b;
    this.zones = new ZoneSet(initial);
    this.authority = new Authority(zones, b.maxUdpPayload);
  }

  public static Builder builder() {
    return new Builder();
  }

  private AuthoritativeServer listen() throws IOException {
    udp = UdpListener.builder().name("dns-" + config.host).bind(config.address).port(config.port)
        .transcript(config.transcript).inline(true)
        .handler((data, length, sender) -> authority.answerUdp(data, length)).start();
    try {
      tcp = TcpListener.builder().name("dns").bind(config.address).port(udp.port())
          .idleTimeout(config.tcpIdle).maxConnections(config.maxTcpConnections)
          .transcript(config.transcript)
          .handler(new TcpDnsHandler(authority, config.transferAllowed)).start();
    } catch (IOException e) {
      udp.close();
      throw e;
    }
    return this;
  }

  /** The UDP and TCP endpoints, bound (the port is known even when 0 was asked). */
  public List<Endpoint> endpoints() {
    return List.of(udp.endpoint(config.host, "dns"), tcp.endpoint(config.host, "dns"));
  }

  public InetAddress address() {
    return udp.address();
  }

  public int port() {
    return udp.port();
  }

  /** The zone with this origin, or null. */
  public Zone zone(Name origin) {
    return zones.get(origin);
  }

  public List<Zone> zones() {
    return zones.all();
  }

  /** Adds or replaces a zone; queries see the new one from now on. */
  public void putZone(Zone zone) {
    zones.put(zone);
  }

  /**
   * Re-reads every zone file given to the builder and swaps in the new set together with the
   * programmatic zones. On any error nothing changes and the error is thrown.
   */
  public void reload() throws ZoneException, IOException {
    zones.replaceAll(loadAll(config));
  }

  private static List<Zone> loadAll(Builder b) throws ZoneException, IOException {
    Map<Name, Zone> all = new LinkedHashMap<>();
    for (Zone z : b.zones) all.put(z.origin(), z);
    for (Map.Entry<Path, Name> f : b.files.entrySet()) {
      Zone z = ZoneFile.load(f.getKey(), f.getValue());
      all.put(z.origin(), z);
    }
    return new ArrayList<>(all.values());
  }

  @Override
  public void close() {
    if (tcp != null) tcp.close();
    if (udp != null) udp.close();
  }

  /** Configuration of an authoritative server. */
  public static final class Builder {
    private String host = "localhost";
    private InetAddress address = InetAddress.getLoopbackAddress();
    private int port;
    private final List<Zone> zones = new ArrayList<>();
    private final Map<Path, Name> files = new LinkedHashMap<>();
    private int maxUdpPayload = Edns.DEFAULT_PAYLOAD;
    private Duration tcpIdle = DEFAULT_TCP_IDLE;
    private int maxTcpConnections = 1000;
    private Predicate<InetAddress> transferAllowed = InetAddress::isLoopbackAddress;
    private Transcript transcript = Transcript.NONE;

    /** The world host name this server runs as (for endpoints and logs). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    public Builder bind(InetAddress address) {
      this.address = Objects.requireNonNull(address);
      return this;
    }

    /** Port for both UDP and TCP; 0 picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder zone(Zone zone) {
      zones.add(zone);
      return this;
    }

    public Builder zones(Collection<Zone> zs) {
      zones.addAll(zs);
      return this;
    }

    /** A zone loaded from a master file now and again on {@link #reload()}. */
    public Builder zoneFile(Path file, Name origin) {
      files.put(file, origin);
      return this;
    }

    /** Largest UDP response, whatever the client advertises (default 1232, RFC 9715). */
    public Builder maxUdpPayload(int bytes) {
      if (bytes < 512 || bytes > 65535) throw new IllegalArgumentException("payload " + bytes);
      this.maxUdpPayload = bytes;
      return this;
    }

    public Builder tcpIdleTimeout(Duration idle) {
      this.tcpIdle = Objects.requireNonNull(idle);
      return this;
    }

    public Builder maxTcpConnections(int max) {
      this.maxTcpConnections = max;
      return this;
    }

    /** Which client addresses may transfer zones with AXFR (default: loopback only). */
    public Builder transferAllowed(Predicate<InetAddress> allowed) {
      this.transferAllowed = Objects.requireNonNull(allowed);
      return this;
    }

    public Builder transcript(Transcript t) {
      this.transcript = t == null ? Transcript.NONE : t;
      return this;
    }

    /** Loads the zone files, binds UDP and TCP and starts serving. */
    public AuthoritativeServer start() throws IOException, ZoneException {
      return new AuthoritativeServer(this, loadAll(this)).listen();
    }
  }
}
