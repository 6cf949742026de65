package org.minternet.mail.pop3;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.minternet.core.Endpoint;
import org.minternet.core.io.LineReader;
import org.minternet.core.line.CommandLoop;
import org.minternet.core.net.ListenerGroup;
import org.minternet.core.net.ServerBuilder;
import org.minternet.mail.auth.AuthThrottle;

/**
 * The POP3 services of a mail host (RFC 1939 with APOP, CAPA and response codes of RFC 2449,
 * STLS of RFC 2595, AUTH PLAIN of RFC 5034): POP3 with STLS and POP3S with implicit TLS, sharing
 * one maildrop lock table.
 *
 * <pre>{@code
 * Pop3Server pop = Pop3Server.builder(new Pop3Config("mail.hamburger.edu", store, tls, false))
 *     .bind(address).port(Pop3Service.POP3, 1110).port(Pop3Service.POP3S, 1995).build();
 * List<Endpoint> endpoints = pop.start();
 * }</pre>
 */
public final class Pop3Server implements AutoCloseable {
  /** The autologout timer (RFC 1939 §3: at least 10 minutes). */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
  /** Longest command line (RFC 2449 §4: 255 octets; AUTH responses need more). */
  public static final int MAX_LINE = 4096;

  private final Builder b;
  private final MaildropLocks locks = new MaildropLocks();
  private final ListenerGroup listeners = new ListenerGroup();

  private Pop3Server(Builder b) {
    this.b = b;
  }

  public static Builder builder(Pop3Config config) {
    return new Builder(config);
  }

  public List<Endpoint> start() throws IOException {
    for (Pop3Service service : b.ports().keySet()) {
      if (service == Pop3Service.POP3S && b.config.tls() == null) {
        listeners.close();
        throw new IllegalStateException("pop3s (implicit TLS) needs a TLS context");
      }
      listeners.start(b.listener(service).lineEndings(LineReader.Endings.STRICT)
          .maxLineLength(MAX_LINE).tls(service == Pop3Service.POP3S ? b.config.tls() : null)
          .handler(new CommandLoop<>(new Pop3Protocol(b.config, service, locks, b.timestamps,
              b.throttle)))
          .rejecter(c -> {
            c.writeLine("-ERR [SYS/TEMP] Too many connections, try again later");
            c.flush();
          }), b.config.hostname(), service.serviceName());
    }
    return listeners.endpoints();
  }

  /** Whether a session holds the maildrop of this user (for tests). */
  boolean isLocked(long userId) {
    return locks.isLocked(userId);
  }

  public int port(Pop3Service service) {
    return listeners.port(service.serviceName());
  }

  @Override
  public void close() {
    listeners.close();
  }

  /** Configures the listeners; without {@link #port} calls POP3 runs on a free port. */
  public static final class Builder extends ServerBuilder<Builder, Pop3Service> {
    private final Pop3Config config;
    private Supplier<String> timestamps;
    private AuthThrottle throttle;

    private Builder(Pop3Config config) {
      super(Pop3Service.class, 1000, DEFAULT_IDLE_TIMEOUT);
      this.config = Objects.requireNonNull(config);
      this.timestamps = new ApopTimestamps(config.hostname());
    }

    @Override
    protected Builder self() {
      return this;
    }

    /** Replaces the greeting's APOP timestamps (tests use a fixed one to replay APOP transcripts). */
    Builder timestamps(Supplier<String> timestamps) {
      this.timestamps = Objects.requireNonNull(timestamps);
      return this;
    }

    /**
     * The failed-login throttle (default: one of this server's own). A mail host gives its
     * servers one throttle, so that failures count across SMTP, POP3 and IMAP: {@link org.minternet.mail.MailServer}
     * does that for its services ({@link org.minternet.mail.MailServer#authThrottle()}).
     */
    public Builder authThrottle(AuthThrottle throttle) {
      this.throttle = Objects.requireNonNull(throttle);
      return this;
    }

    public Pop3Server build() {
      if (ports().isEmpty()) port(Pop3Service.POP3, 0);
      if (throttle == null) throttle = AuthThrottle.defaults();
      return new Pop3Server(this);
    }
  }
}
