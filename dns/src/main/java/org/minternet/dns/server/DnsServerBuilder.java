package org.minternet.dns.server;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.minternet.core.net.DatagramHandler;
import org.minternet.core.net.ServerBuilder;
import org.minternet.core.net.UdpListener;
import org.minternet.dns.wire.Edns;

/**
 * What the authoritative server's and the resolver's builders share beyond core's
 * {@link ServerBuilder}: the world host name, one port for UDP and TCP, the UDP receivers and
 * payload limit, and DNS over TCP's limits, whose idle time is the listener's idle timeout.
 */
public abstract class DnsServerBuilder<B extends DnsServerBuilder<B>> extends ServerBuilder<B, DnsService> {
  private String host = "localhost";
  private int udpThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  private int maxUdpPayload = Edns.DEFAULT_PAYLOAD;
  private TcpDnsHandler.Limits tcpLimits;

  protected DnsServerBuilder(TcpDnsHandler.Limits tcpLimits) {
    super(DnsService.class, 1000, tcpLimits.idle());
    this.tcpLimits = tcpLimits;
    port(DnsService.DNS, 0);
  }

  /** The world host name this server runs as (for endpoints and logs). */
  public B host(String host) {
    this.host = Objects.requireNonNull(host);
    return self();
  }

  /** Port for both UDP and TCP; 0 picks a free one. */
  public B port(int port) {
    if (port < 0) throw new IllegalArgumentException("port " + port);
    return port(DnsService.DNS, port);
  }

  /** Largest UDP response, whatever the client advertises (default 1232, RFC 9715). */
  public B maxUdpPayload(int bytes) {
    if (bytes < 512 || bytes > 65535) throw new IllegalArgumentException("payload " + bytes);
    this.maxUdpPayload = bytes;
    return self();
  }

  /** UDP sockets (SO_REUSEPORT) and receiving threads sharing the port; default: the cores, at most 4. */
  public B udpThreads(int n) {
    if (n < 1) throw new IllegalArgumentException("udpThreads " + n);
    this.udpThreads = n;
    return self();
  }

  /** Longest wait for the next query on a TCP connection (RFC 7766 §6.2.3); the same as {@link #tcpIdleTimeout}. */
  @Override
  public B idleTimeout(Duration idle) {
    this.tcpLimits = tcpLimits.withIdle(idle);
    return super.idleTimeout(idle);
  }

  /** Longest wait for the next query on a TCP connection (default 30 s, RFC 7766 §6.2.3). */
  public B tcpIdleTimeout(Duration idle) {
    return idleTimeout(idle);
  }

  /** All the limits of DNS over TCP (idle time, message deadline, size, queries in flight, per client). */
  public B tcpLimits(TcpDnsHandler.Limits limits) {
    this.tcpLimits = Objects.requireNonNull(limits);
    return super.idleTimeout(limits.idle());
  }

  /** TCP connections served at once; the same as {@link #maxConnections}. */
  public B maxTcpConnections(int max) {
    return maxConnections(max);
  }

  public String host() {
    return host;
  }

  public int maxUdpPayload() {
    return maxUdpPayload;
  }

  public TcpDnsHandler.Limits tcpLimits() {
    return tcpLimits;
  }

  /**
   * Starts UDP and TCP on this builder's address and port ({@link DnsListeners#start}), the UDP
   * receivers named {@code udpName}, TCP answered by {@code tcp} under this builder's limits.
   */
  public DnsListeners listen(String udpName, String tcpName, DatagramHandler udp, TcpDnsHandler.Responder tcp)
      throws IOException {
    return DnsListeners.start(UdpListener.builder().name(udpName).bind(bindAddress()).receivers(udpThreads)
            .inline(true).handler(udp),
        listener(DnsService.DNS).name(tcpName).handler(new TcpDnsHandler(tcp, tcpLimits)),
        ports().get(DnsService.DNS));
  }
}
