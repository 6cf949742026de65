package org.minternet.mail.imap;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.minternet.core.Endpoint;
import org.minternet.core.net.ListenerGroup;
import org.minternet.core.net.ServerBuilder;
import org.minternet.core.net.TcpListener;
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
        config.maxAppendSize, config.idleTimeout(), config.pollInterval,
        config.throttle);
    MessageCache cache = new MessageCache(store.messages());
    if (config.ports().containsKey(ImapService.IMAP)) {
      listeners.start(config.listener(ImapService.IMAP).maxLineLength(config.maxLineLength)
          .handler(c -> new ImapSession(c, shared, cache, events, false).run())
          .rejecter(c -> {
            c.writeLine("* BYE Too many connections");
            c.flush();
          }), config.hostname, ImapService.IMAP.serviceName());
    }
    if (config.tls != null && config.ports().containsKey(ImapService.IMAPS)) {
      listeners.start(config.listener(ImapService.IMAPS).tls(config.tls).maxLineLength(config.maxLineLength)
          .handler(c -> new ImapSession(c, shared, cache, events, true).run()),
          config.hostname, ImapService.IMAPS.serviceName());
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

  /**
   * Configuration of an IMAP server: by default {@code imap} on 143 and no {@code imaps}; the
   * autologout timer is the idle timeout.
   */
  public static final class Builder extends ServerBuilder<Builder, ImapService> {
    private MailStore store;
    private String hostname = "localhost";
    private SSLContext tls;
    private boolean allowPlaintextAuth;
    private long maxAppendSize = DEFAULT_MAX_APPEND;
    private Duration pollInterval = Duration.ofSeconds(5);
    private int maxLineLength = 64 * 1024;
    private AuthThrottle throttle;

    private Builder() {
      super(ImapService.class, TcpListener.DEFAULT_MAX_CONNECTIONS, DEFAULT_AUTOLOGOUT);
      port(ImapService.IMAP, 143);
    }

    @Override
    protected Builder self() {
      return this;
    }

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

    /** The STARTTLS port (0 for a free one, -1 for none). */
    public Builder port(int port) {
      return port(ImapService.IMAP, port);
    }

    /** The implicit-TLS port (0 for a free one, -1 for none, the default); needs {@link #tls}. */
    public Builder tlsPort(int port) {
      return port(ImapService.IMAPS, port);
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

    /** The autologout timer (RFC 9051 §5.4), the same as {@link #idleTimeout}. */
    public Builder autologout(Duration timeout) {
      return idleTimeout(timeout);
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

    /** The server, not yet listening: call {@link ImapServer#start()}. */
    public ImapServer build() {
      Objects.requireNonNull(store, "store");
      if (throttle == null) throttle = AuthThrottle.defaults();
      return new ImapServer(this);
    }
  }
}
