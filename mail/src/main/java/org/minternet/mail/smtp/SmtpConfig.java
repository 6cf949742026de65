package org.minternet.mail.smtp;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.minternet.core.net.AddressRanges;
import org.minternet.mail.store.MailStore;

/**
 * What every SMTP service of one mail server shares.
 *
 * @param hostname the name in the greeting, EHLO reply and Received header
 * @param store the mail store (local domains, users, delivery, queue)
 * @param tls the server's TLS context for STARTTLS and implicit TLS, or null for none
 * @param maxMessageSize the SIZE limit in bytes (RFC 1870)
 * @param maxRecipients recipients per message (RFC 5321 §4.5.3.1.8 requires at least 100)
 * @param allowInsecureAuth whether AUTH is offered without TLS (off by default: RFC 4954 §4)
 * @param relayNetworks client networks that may relay without authentication
 * @param dataTimeout the whole DATA or BDAT transfer must finish within this (RFC 5321 §4.5.3.2.6)
 * @param onQueued called after a message with remote recipients was queued (wakes the queue)
 */
public record SmtpConfig(String hostname, MailStore store, SSLContext tls, long maxMessageSize,
    int maxRecipients, boolean allowInsecureAuth, AddressRanges relayNetworks, Duration dataTimeout,
    Runnable onQueued) {
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 35L * 1024 * 1024;
  public static final int DEFAULT_MAX_RECIPIENTS = 100;
  public static final Duration DEFAULT_DATA_TIMEOUT = Duration.ofMinutes(10);

  public SmtpConfig {
    Objects.requireNonNull(hostname);
    Objects.requireNonNull(store);
    if (maxMessageSize <= 0 || maxMessageSize > Integer.MAX_VALUE - 1024) {
      throw new IllegalArgumentException("maxMessageSize " + maxMessageSize);
    }
    if (maxRecipients < 1) throw new IllegalArgumentException("maxRecipients " + maxRecipients);
    if (relayNetworks == null) relayNetworks = AddressRanges.NONE;
    if (dataTimeout == null) dataTimeout = DEFAULT_DATA_TIMEOUT;
    if (onQueued == null) onQueued = () -> {};
  }

  /** Defaults for a host: 35 MiB, 100 recipients, AUTH over TLS only, no relay networks. */
  public static SmtpConfig of(String hostname, MailStore store, SSLContext tls) {
    return new SmtpConfig(hostname, store, tls, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_RECIPIENTS, false,
        null, DEFAULT_DATA_TIMEOUT, null);
  }

  public SmtpConfig withOnQueued(Runnable r) {
    return new SmtpConfig(hostname, store, tls, maxMessageSize, maxRecipients, allowInsecureAuth, relayNetworks,
        dataTimeout, r);
  }
}
