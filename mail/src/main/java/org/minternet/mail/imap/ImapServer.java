package org.minternet.mail.imap;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.minternet.core.Endpoint;
import org.minternet.core.net.ListenerGroup;
import org.minternet.core.net.TcpListener;
import org.minternet.core.tap.Transcript;
import org.minternet.mail.auth.AuthThrottle;
import org.minternet.mail.store.MailStore;

/**
 * The IMAP server (IMAP4rev1, RFC 3501, and IMAP4rev2, RFC 9051): a listener with STARTTLS
 * ({@code imap}, 143 in the standard port plan) and optionally one with implicit TLS
 * ({@code imaps}, 993, RFC 8314).
 *
 * <pre>{@code
 * ImapServer imap = ImapServer.builder().store(mailStore).hostname("mail.hamburger.edu")
 *     .bind(address).port(1143).tls(sslContext).tlsPort(1993).build();
 * List<Endpoint> endpoints = imap.start();
 * ...
 * imap.close();
 * }</pre>
 *
 * <p>Sessions learn of new mail at once: the server listens to the store's mailbox changes
 * ({@link MailStore#onMailboxChange}); other writers may call {@link #mailboxChanged(long)}.
 */
public final class ImapServer implements AutoCloseable {
  /** Largest message APPEND accepts by default (the APPENDLIMIT). */
  public static final long DEFAULT_MAX_APPEND = 35L * 1024 * 1024;
  /** The autologout timer: RFC 9051 §5.4 requires at least 30 minutes. */
  public static final Duration DEFAULT_AUTOLOGOUT = Duration.ofMinutes(30);

  private final Builder config;
  private final MailboxEvents events = new MailboxEvents();
  private final ListenerGroup listeners = new ListenerGroup();
  private volatile boolean closed;

  private ImapServer(Builder config) {
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds the listeners and starts serving; returns the bound endpoints. */
  public List<Endpoint> start() throws IOException {
    if (!listeners.isEmpty()) throw new IllegalStateException("already started");
    MailStore store = config.store;
    store.onMailboxChange(id -> {
      if (!closed) events.changed(id);
    });
    ImapConfig shared = new ImapConfig(config.hostname, store, config.tls, config.allowPlaintextAuth,
        config.maxAppendSize, config.autologout, config.pollInterval,
        config.throttle);
    ImapStore imapStore = new ImapStore(store, events);
    if (config.port >= 0) {
      listeners.start(TcpListener.builder().bind(config.bind).port(config.port)
          .maxLineLength(config.maxLineLength).idleTimeout(config.autologout).transcript(config.transcript)
          .maxConnections(config.maxConnections)
          .handler(c -> new ImapSession(c, shared, imapStore, events, false).run())
          .rejecter(c -> {
            c.writeLine("* BYE Too many connections");
            c.flush();
          }), config.hostname, "imap");
    }
    if (config.tls != null && config.tlsPort >= 0) {
      listeners.start(TcpListener.builder().bind(config.bind).port(config.tlsPort)
          .tls(config.tls).maxLineLength(config.maxLineLength).idleTimeout(config.autologout)
          .transcript(config.transcript).maxConnections(config.maxConnections)
          .handler(c -> new ImapSession(c, shared, imapStore, events, true).run()), config.hostname, "imaps");
    }
    return endpoints();
  }

  /** The bound endpoints: {@code imap} (STARTTLS) and, with TLS, {@code imaps}. */
  public List<Endpoint> endpoints() {
    return listeners.endpoints();
  }

  /** The endpoint of a service ("imap" or "imaps"). */
  public Endpoint endpoint(String service) {
    for (Endpoint e : listeners.endpoints()) if (e.service().equals(service)) return e;
    throw new IllegalArgumentException("not listening for " + service);
  }

  /** Tells IDLE sessions that a mailbox changed (for writers that bypass the MailStore listener). */
  public void mailboxChanged(long mailboxId) {
    events.changed(mailboxId);
  }

  @Override
  public void close() {
    closed = true;
    listeners.close();
    events.wakeAll();
  }

  /** Configuration of an IMAP server. */
  public static final class Builder {
    private MailStore store;
    private String hostname = "localhost";
    private SSLContext tls;
    private InetAddress bind = InetAddress.getLoopbackAddress();
    private int port = 143;
    private int tlsPort = -1;
    private boolean allowPlaintextAuth;
    private long maxAppendSize = DEFAULT_MAX_APPEND;
    private Duration autologout = DEFAULT_AUTOLOGOUT;
    private Duration pollInterval = Duration.ofSeconds(5);
    private int maxConnections = TcpListener.DEFAULT_MAX_CONNECTIONS;
    private int maxLineLength = 64 * 1024;
    private Transcript transcript = Transcript.NONE;
    private AuthThrottle throttle;

    public Builder store(MailStore store) {
      this.store = Objects.requireNonNull(store);
      return this;
    }

    public Builder hostname(String hostname) {
      this.hostname = Objects.requireNonNull(hostname);
      return this;
    }

    /** The TLS context for STARTTLS and the implicit-TLS port; null for none. */
    public Builder tls(SSLContext tls) {
      this.tls = tls;
      return this;
    }

    public Builder bind(InetAddress address) {
      this.bind = Objects.requireNonNull(address);
      return this;
    }

    /** The STARTTLS port (0 for a free one, -1 for none). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The implicit-TLS port (0 for a free one, -1 for none, the default); needs {@link #tls}. */
    public Builder tlsPort(int port) {
      this.tlsPort = port;
      return this;
    }

    /** Allows LOGIN and AUTHENTICATE without TLS (off by default, RFC 9051 §6.2.3). */
    public Builder allowPlaintextAuth(boolean allow) {
      this.allowPlaintextAuth = allow;
      return this;
    }

    public Builder maxAppendSize(long bytes) {
      if (bytes < 1024 || bytes > Integer.MAX_VALUE - 1024) throw new IllegalArgumentException("maxAppendSize");
      this.maxAppendSize = bytes;
      return this;
    }

    public Builder autologout(Duration timeout) {
      this.autologout = Objects.requireNonNull(timeout);
      return this;
    }

    /** How often sessions ask the store for changes nobody announced (default 5 s). */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Objects.requireNonNull(interval);
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

    public Builder maxConnections(int max) {
      this.maxConnections = max;
      return this;
    }

    public Builder transcript(Transcript transcript) {
      this.transcript = transcript == null ? Transcript.NONE : transcript;
      return this;
    }

    /** The server, not yet listening: call {@link ImapServer#start()}. */
    public ImapServer build() {
      Objects.requireNonNull(store, "store");
      if (throttle == null) throttle = AuthThrottle.defaults();
      return new ImapServer(this);
    }
  }
}
