package org.minternet.mail.smtp;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.minternet.core.Endpoint;
import org.minternet.core.io.LineReader;
import org.minternet.core.line.CommandLoop;
import org.minternet.core.net.ListenerGroup;
import org.minternet.core.net.ServerBuilder;
import org.minternet.mail.auth.AuthThrottle;

/**
 * The SMTP services of one mail server: MTA, submission (STARTTLS) and submissions (implicit TLS),
 * each on its own port, all over the shared command loop.
 *
 * <pre>{@code
 * SmtpServer server = SmtpServer.builder(SmtpConfig.of("mail.crepes.fr", store, tls))
 *     .bind(address).port(SmtpService.MTA, 2525).port(SmtpService.SUBMISSION, 5587).build();
 * List<Endpoint> endpoints = server.start();
 * }</pre>
 */
public final class SmtpServer implements AutoCloseable {
  /** Server timeout between commands (RFC 5321 §4.5.3.2.7: at least 5 minutes). */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  /** Longest command line (RFC 5321 §4.5.3.1.4 is 512; extensions such as AUTH need more). */
  public static final int MAX_COMMAND_LINE = DataCommand.MAX_DATA_LINE;

  private final Builder b;
  private final ListenerGroup listeners = new ListenerGroup();

  private SmtpServer(Builder b) {
    this.b = b;
  }

  public static Builder builder(SmtpConfig config) {
    return new Builder(config);
  }

  public SmtpConfig config() {
    return b.config;
  }

  /** Binds every configured service; returns their endpoints. */
  public List<Endpoint> start() throws IOException {
    String host = b.config.hostname();
    for (SmtpService service : b.ports().keySet()) {
      if (service == SmtpService.SUBMISSIONS && b.config.tls() == null) {
        listeners.close();
        throw new IllegalStateException("submissions (implicit TLS) needs a TLS context");
      }
      listeners.start(b.listener(service)
          .lineEndings(LineReader.Endings.STRICT)
          .maxLineLength(MAX_COMMAND_LINE)
          .tls(service == SmtpService.SUBMISSIONS ? b.config.tls() : null)
          .handler(new CommandLoop<>(new SmtpProtocol(b.config, service, b.throttle)))
          .rejecter(c -> {
            for (String line : SmtpProtocol.tooManyConnections(host).lines()) c.writeLine(line);
            c.flush();
          }), host, service.serviceName());
    }
    return listeners.endpoints();
  }

  /** The bound port of a service (after {@link #start()}), or -1. */
  public int port(SmtpService service) {
    return listeners.port(service.serviceName());
  }

  @Override
  public void close() {
    listeners.close();
  }

  /** Configures the listeners. Without {@link #port} calls only the MTA runs, on a free port. */
  public static final class Builder extends ServerBuilder<Builder, SmtpService> {
    private final SmtpConfig config;
    private AuthThrottle throttle;

    private Builder(SmtpConfig config) {
      super(SmtpService.class, 1000, DEFAULT_IDLE_TIMEOUT);
      this.config = Objects.requireNonNull(config);
    }

    @Override
    protected Builder self() {
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

    public SmtpServer build() {
      if (ports().isEmpty()) port(SmtpService.MTA, 0);
      if (throttle == null) throttle = AuthThrottle.defaults();
      return new SmtpServer(this);
    }
  }
}
