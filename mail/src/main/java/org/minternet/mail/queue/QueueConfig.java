package org.minternet.mail.queue;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.minternet.core.naming.NameResolver;
import org.minternet.core.tap.Transcript;
import org.minternet.core.tls.TlsContexts;

/**
 * How the outgoing queue delivers.
 *
 * @param hostname our name for EHLO and the Reporting-MTA of bounces
 * @param resolver MX and address lookups (the world's DNS, or the system's)
 * @param remotePort the SMTP port of remote servers (25 on the Internet, the port plan's in a world)
 * @param tlsClient the client context for STARTTLS, or null never to use TLS; the default accepts
 *     any certificate: opportunistic TLS (RFC 7435) between mail servers
 * @param connectTimeout the TCP connect timeout
 * @param commandTimeout the longest wait for a reply (RFC 5321 §4.5.3.2: 5 minutes for most,
 *     10 minutes after the final dot)
 * @param initialBackoff the first retry delay after a temporary failure, doubled for each attempt
 * @param maxBackoff the longest retry delay
 * @param giveUpAfter how long a message may stay in the queue before it bounces (RFC 5321 §4.5.4.1
 *     suggests 4-5 days)
 * @param pollInterval how often the queue looks for due work even without a wake-up
 * @param lease how long a claimed recipient is reserved for the attempt in progress, renewed while
 *     the attempt lasts: after a node dies, how long until another node may take its work
 * @param parallelDomains destination domains delivered to at the same time
 * @param transcript the tap for the client side of each exchange
 * @param localAddress the address outgoing connections come from (the mail host's own, in a
 *     world), or null for the system's choice
 * @param node who claims queue entries: unique among the live nodes sharing one store, and the
 *     same across a node's restarts, since a starting node releases the claims held under its
 *     name (default: the hostname; several nodes serving one host on one PostgreSQL need their
 *     own)
 */
public record QueueConfig(String hostname, NameResolver resolver, int remotePort, SSLContext tlsClient,
    Duration connectTimeout, Duration commandTimeout, Duration initialBackoff, Duration maxBackoff,
    Duration giveUpAfter, Duration pollInterval, Duration lease, int parallelDomains, Transcript transcript,
    java.net.InetAddress localAddress, String node) {
  public QueueConfig {
    Objects.requireNonNull(hostname);
    if (node == null || node.isBlank()) node = hostname;
    Objects.requireNonNull(resolver);
    if (remotePort < 1 || remotePort > 65535) throw new IllegalArgumentException("remotePort " + remotePort);
    if (parallelDomains < 1) throw new IllegalArgumentException("parallelDomains " + parallelDomains);
    if (transcript == null) transcript = Transcript.NONE;
  }

  /** Defaults: port 25, opportunistic STARTTLS, retries from 1 minute up to 1 hour, bounce after 5 days. */
  public static QueueConfig of(String hostname, NameResolver resolver) {
    return new QueueConfig(hostname, resolver, 25, TlsContexts.opportunistic(), Duration.ofSeconds(30),
        Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(5),
        Duration.ofSeconds(30), Duration.ofMinutes(2), 16, Transcript.NONE, null, hostname);
  }

  public QueueConfig withRemotePort(int port) {
    return new QueueConfig(hostname, resolver, port, tlsClient, connectTimeout, commandTimeout, initialBackoff,
        maxBackoff, giveUpAfter, pollInterval, lease, parallelDomains, transcript, localAddress, node);
  }

  public QueueConfig withRetries(Duration initial, Duration max, Duration giveUp) {
    return new QueueConfig(hostname, resolver, remotePort, tlsClient, connectTimeout, commandTimeout, initial, max,
        giveUp, pollInterval, lease, parallelDomains, transcript, localAddress, node);
  }

  public QueueConfig withTimeouts(Duration connect, Duration command) {
    return new QueueConfig(hostname, resolver, remotePort, tlsClient, connect, command, initialBackoff, maxBackoff,
        giveUpAfter, pollInterval, lease, parallelDomains, transcript, localAddress, node);
  }

  public QueueConfig withTranscript(Transcript t) {
    return new QueueConfig(hostname, resolver, remotePort, tlsClient, connectTimeout, commandTimeout, initialBackoff,
        maxBackoff, giveUpAfter, pollInterval, lease, parallelDomains, t, localAddress, node);
  }

  /** The retry delay after {@code attempts} attempts: exponential, capped. */
  Duration backoff(int attempts) {
    Duration d = initialBackoff;
    for (int i = 0; i < attempts && d.compareTo(maxBackoff) < 0; i++) d = d.multipliedBy(2);
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  /** Outgoing connections from this address (the host's own in a world). */
  public QueueConfig withLocalAddress(java.net.InetAddress address) {
    return new QueueConfig(hostname, resolver, remotePort, tlsClient, connectTimeout, commandTimeout, initialBackoff,
        maxBackoff, giveUpAfter, pollInterval, lease, parallelDomains, transcript, address, node);
  }

  /** Claims queue entries as {@code node} (see the record's parameter). */
  public QueueConfig withNode(String node) {
    return new QueueConfig(hostname, resolver, remotePort, tlsClient, connectTimeout, commandTimeout, initialBackoff,
        maxBackoff, giveUpAfter, pollInterval, lease, parallelDomains, transcript, localAddress, node);
  }
}
