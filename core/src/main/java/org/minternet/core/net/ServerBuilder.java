package org.minternet.core.net;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.minternet.core.tap.Transcript;

/**
 * What every protocol server's builder sets the same way: which of its services run on which
 * port, the address to bind, the connection limit, the idle timeout and the transcript tap. A
 * protocol's builder extends it with its own settings (its config record, its failed-login
 * throttle, its TLS context where the sessions need it for STARTTLS) and starts one listener per
 * service from {@link #listener}, as {@link ListenerBuilder} does for the listeners themselves.
 *
 * @param <B> the protocol's builder (returned by every setter)
 * @param <S> the protocol's services, e.g. {@code SmtpService.MTA}, {@code SUBMISSION}
 */
public abstract class ServerBuilder<B extends ServerBuilder<B, S>, S extends Enum<S>> {
  private final Map<S, Integer> ports;
  private InetAddress address = InetAddress.getLoopbackAddress();
  private int maxConnections;
  private Duration idleTimeout;
  private Transcript transcript = Transcript.NONE;

  /**
   * @param services the protocol's service enum
   * @param maxConnections the protocol's default connection limit
   * @param idleTimeout the protocol's default idle timeout (e.g. POP3's 10 minutes, RFC 1939 §3)
   */
  protected ServerBuilder(Class<S> services, int maxConnections, Duration idleTimeout) {
    this.ports = new EnumMap<>(services);
    this.maxConnections = maxConnections;
    this.idleTimeout = Objects.requireNonNull(idleTimeout);
  }

  protected abstract B self();

  /** The address every service listens on (default: loopback). */
  public B bind(InetAddress address) {
    this.address = Objects.requireNonNull(address);
    return self();
  }

  /** Runs {@code service} on {@code port}: 0 for a free one, -1 not to run it. */
  public B port(S service, int port) {
    Objects.requireNonNull(service);
    if (port < -1 || port > 65535) throw new IllegalArgumentException("port " + port + " for " + service);
    if (port == -1) ports.remove(service);
    else ports.put(service, port);
    return self();
  }

  /** Connections served at once per service; more are refused with the protocol's busy reply. */
  public B maxConnections(int max) {
    if (max < 1) throw new IllegalArgumentException("maxConnections " + max);
    this.maxConnections = max;
    return self();
  }

  /** How long a connection may stay silent before the server closes it. */
  public B idleTimeout(Duration timeout) {
    this.idleTimeout = Objects.requireNonNull(timeout);
    return self();
  }

  /** Where the services' exchanges are recorded (null: nowhere). */
  public B transcript(Transcript transcript) {
    this.transcript = transcript == null ? Transcript.NONE : transcript;
    return self();
  }

  public InetAddress bindAddress() {
    return address;
  }

  /** The services set with {@link #port}, in the enum's order. */
  public Map<S, Integer> ports() {
    return Collections.unmodifiableMap(ports);
  }

  public int maxConnections() {
    return maxConnections;
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  public Transcript transcript() {
    return transcript;
  }

  /**
   * A listener for {@code service} with these settings (address, port, connection limit, idle
   * timeout, transcript); the protocol adds its handler, line limits, TLS and busy reply.
   */
  public TcpListener.Builder listener(S service) {
    Integer port = ports.get(service);
    if (port == null) throw new IllegalStateException(service + " has no port");
    return TcpListener.builder().bind(address).port(port).maxConnections(maxConnections)
        .idleTimeout(idleTimeout).transcript(transcript);
  }
}
