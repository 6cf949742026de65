package org.minternet.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.minternet.core.Endpoint;
import org.minternet.core.naming.NameResolver;
import org.minternet.core.net.AddressRanges;
import org.minternet.core.tap.Transcript;
import org.minternet.mail.auth.AuthThrottle;
import org.minternet.mail.imap.ImapServer;
import org.minternet.mail.imap.ImapService;
import org.minternet.mail.pop3.Pop3Config;
import org.minternet.mail.pop3.Pop3Server;
import org.minternet.mail.pop3.Pop3Service;
import org.minternet.mail.queue.QueueConfig;
import org.minternet.mail.queue.QueueRunner;
import org.minternet.mail.smtp.SmtpConfig;
import org.minternet.mail.smtp.SmtpServer;
import org.minternet.mail.smtp.SmtpService;
import org.minternet.mail.store.MailStore;

/**
 * One mail host, the only place one is assembled: its SMTP services (MTA, submission,
 * submissions), its outgoing queue, and its POP3 and IMAP services (when ports are given), over one
 * mail store, one certificate and one failed-login throttle. What {@code minternet up} starts for
 * each mail host of the world and {@code minternet mail serve} starts alone.
 *
 * <pre>{@code
 * MailServer server = MailServer.builder("mail.crepes.fr", store)
 *     .bind(InetAddress.getByName("127.5.0.1")).tls(tls).resolver(worldResolver)
 *     .port(SmtpService.MTA, 2525).port(SmtpService.SUBMISSION, 5587).port(SmtpService.SUBMISSIONS, 4465)
 *     .port(Pop3Service.POP3, 1110).port(ImapService.IMAP, 1143).port(ImapService.IMAPS, 1993)
 *     .remoteSmtpPort(2525).build();
 * List<Endpoint> endpoints = server.start();
 * }</pre>
 *
 * <p>Failed logins are throttled per client address across SMTP AUTH, POP3 and IMAP by one
 * {@link AuthThrottle} that the host owns (default settings unless {@link Builder#authThrottle}
 * gives one), given to its SMTP, POP3 and IMAP services ({@link #authThrottle()}).
 */
public final class MailServer implements AutoCloseable {
  private final SmtpServer smtp;
  private final QueueRunner queue;
  private final Pop3Server pop3;
  private final ImapServer imap;

  private final AuthThrottle authThrottle;

  private MailServer(SmtpServer smtp, QueueRunner queue, Pop3Server pop3, ImapServer imap, AuthThrottle authThrottle) {
    this.smtp = smtp;
    this.queue = queue;
    this.pop3 = pop3;
    this.imap = imap;
    this.authThrottle = authThrottle;
  }

  public static Builder builder(String hostname, MailStore store) {
    return new Builder(hostname, store);
  }

  /** Starts the queue and binds the SMTP (and POP3, IMAP) services; returns their endpoints. */
  public List<Endpoint> start() throws IOException {
    queue.start();
    try {
      List<Endpoint> out = new java.util.ArrayList<>();
      if (smtp != null) out.addAll(smtp.start());
      if (pop3 != null) out.addAll(pop3.start());
      if (imap != null) out.addAll(imap.start());
      return out;
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The SMTP server (null when the host runs no SMTP service: every SMTP port is -1). */
  public SmtpServer smtp() {
    return smtp;
  }

  public QueueRunner queue() {
    return queue;
  }

  /** The host's failed-login throttle, shared by its SMTP, POP3 and IMAP services. */
  public AuthThrottle authThrottle() {
    return authThrottle;
  }

  /** The bound port of a service, or -1. */
  public int port(SmtpService service) {
    return smtp == null ? -1 : smtp.port(service);
  }

  /** The bound port of a POP3 service, or -1. */
  public int port(Pop3Service service) {
    return pop3 == null ? -1 : pop3.port(service);
  }

  /** The bound port of an IMAP service, or -1. */
  public int port(ImapService service) {
    if (imap == null) return -1;
    for (Endpoint e : imap.endpoints()) if (e.service().equals(service.serviceName())) return e.port();
    return -1;
  }

  /** The IMAP server (null when the host runs no IMAP service). */
  public ImapServer imap() {
    return imap;
  }

  @Override
  public void close() {
    if (imap != null) imap.close();
    if (smtp != null) smtp.close();
    if (pop3 != null) pop3.close();
    queue.close();
  }

  /** Configures a mail host; only the hostname and store are required. */
  public static final class Builder {
    private final String hostname;
    private final MailStore store;
    private InetAddress bind = InetAddress.getLoopbackAddress();
    private InetAddress outgoing;
    private SSLContext tls;
    private NameResolver resolver = NameResolver.system();
    private int remoteSmtpPort = 25;
    private long maxMessageSize = SmtpConfig.DEFAULT_MAX_MESSAGE_SIZE;
    private int maxRecipients = SmtpConfig.DEFAULT_MAX_RECIPIENTS;
    private boolean allowInsecureAuth;
    private List<String> relayNetworks = List.of();
    private Duration idleTimeout = SmtpServer.DEFAULT_IDLE_TIMEOUT;
    private Transcript transcript = Transcript.NONE;
    private AuthThrottle authThrottle;
    private UnaryOperator<QueueConfig> queueTuning = UnaryOperator.identity();
    private final Map<SmtpService, Integer> ports = new EnumMap<>(SmtpService.class);
    private final Map<Pop3Service, Integer> pop3Ports = new EnumMap<>(Pop3Service.class);
    private final Map<ImapService, Integer> imapPorts = new EnumMap<>(ImapService.class);

    private Builder(String hostname, MailStore store) {
      this.hostname = Objects.requireNonNull(hostname);
      this.store = Objects.requireNonNull(store);
    }

    public Builder bind(InetAddress address) {
      this.bind = address;
      return this;
    }

    /** The address the queue's outgoing connections come from (the host's own in a world). */
    public Builder outgoingAddress(InetAddress address) {
      this.outgoing = address;
      return this;
    }

    /** The server certificate for STARTTLS and implicit TLS (null: no TLS). */
    public Builder tls(SSLContext tls) {
      this.tls = tls;
      return this;
    }

    /** The resolver for MX and address lookups (the world's DNS). */
    public Builder resolver(NameResolver resolver) {
      this.resolver = resolver;
      return this;
    }

    /** The SMTP port of other mail servers (25 on the Internet; the world's port plan otherwise). */
    public Builder remoteSmtpPort(int port) {
      this.remoteSmtpPort = port;
      return this;
    }

    /** Runs a service on a port (0 = free port, -1 = not at all). */
    public Builder port(SmtpService service, int port) {
      if (port == -1) ports.remove(service);
      else ports.put(service, port);
      return this;
    }

    /** Runs a POP3 service on a port (0 = free port, -1 = not at all). */
    public Builder port(Pop3Service service, int port) {
      if (port == -1) pop3Ports.remove(service);
      else pop3Ports.put(service, port);
      return this;
    }

    /** Runs an IMAP service on a port (0 = free port, -1 = not at all); IMAPS needs {@link #tls}. */
    public Builder port(ImapService service, int port) {
      if (port == -1) imapPorts.remove(service);
      else imapPorts.put(service, port);
      return this;
    }

    public Builder maxMessageSize(long bytes) {
      this.maxMessageSize = bytes;
      return this;
    }

    public Builder maxRecipients(int max) {
      this.maxRecipients = max;
      return this;
    }

    /** Offers AUTH (SMTP), USER/PASS (POP3) and LOGIN (IMAP) without TLS (for a world without certificates; off by default). */
    public Builder allowInsecureAuth(boolean allow) {
      this.allowInsecureAuth = allow;
      return this;
    }

    /** Client networks (CIDR) allowed to relay without authentication. */
    public Builder relayNetworks(List<String> cidrs) {
      this.relayNetworks = List.copyOf(cidrs);
      return this;
    }

    /**
     * The host's failed-login throttle (default: a new one with default settings), shared by its
     * SMTP, POP3 and IMAP services: failures count across the protocols.
     */
    public Builder authThrottle(AuthThrottle throttle) {
      this.authThrottle = Objects.requireNonNull(throttle);
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    public Builder transcript(Transcript transcript) {
      this.transcript = transcript;
      return this;
    }

    /** Adjusts the queue's configuration (retry schedule, timeouts) beyond the defaults. */
    public Builder queue(UnaryOperator<QueueConfig> tuning) {
      this.queueTuning = tuning;
      return this;
    }

    public MailServer build() {
      QueueConfig qc = queueTuning.apply(QueueConfig.of(hostname, resolver).withRemotePort(remoteSmtpPort)
          .withLocalAddress(outgoing)
          .withTranscript(transcript));
      QueueRunner runner = new QueueRunner(store, qc);
      SmtpConfig config = new SmtpConfig(hostname, store, tls, maxMessageSize, maxRecipients, allowInsecureAuth,
          AddressRanges.parse(relayNetworks), SmtpConfig.DEFAULT_DATA_TIMEOUT, runner::wake);
      AuthThrottle throttle = authThrottle != null ? authThrottle : AuthThrottle.defaults();
      // no SMTP port at all means no SMTP server (its builder alone would take a free MTA port);
      // the queue still delivers what is already queued
      SmtpServer smtp = null;
      if (!ports.isEmpty()) {
        SmtpServer.Builder sb = SmtpServer.builder(config).bind(bind).idleTimeout(idleTimeout)
            .transcript(transcript).authThrottle(throttle);
        for (var e : ports.entrySet()) sb.port(e.getKey(), e.getValue());
        smtp = sb.build();
      }
      Pop3Server pop = null;
      if (!pop3Ports.isEmpty()) {
        Pop3Server.Builder pb = Pop3Server.builder(new Pop3Config(hostname, store, tls, allowInsecureAuth)).bind(bind)
            .transcript(transcript).authThrottle(throttle);
        for (var e : pop3Ports.entrySet()) pb.port(e.getKey(), e.getValue());
        pop = pb.build();
      }
      ImapServer imap = null;
      if (!imapPorts.isEmpty()) {
        imap = ImapServer.builder().store(store).hostname(hostname).bind(bind).tls(tls)
            .port(imapPorts.getOrDefault(ImapService.IMAP, -1)).tlsPort(imapPorts.getOrDefault(ImapService.IMAPS, -1))
            .allowPlaintextAuth(allowInsecureAuth).authThrottle(throttle).transcript(transcript).build();
      }
      return new MailServer(smtp, runner, pop, imap, throttle);
    }
  }
}
