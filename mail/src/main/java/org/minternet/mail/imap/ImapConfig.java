package org.minternet.mail.imap;

import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.minternet.mail.auth.AuthThrottle;
import org.minternet.mail.store.MailStore;

/**
 * What every session of one IMAP server shares.
 *
 * @param hostname the server's name in the greeting
 * @param store the mail store
 * @param tls the TLS context for STARTTLS and implicit TLS, or null
 * @param allowPlaintextAuth whether LOGIN and AUTHENTICATE work without TLS (RFC 9051 §6.2.3 says
 *     they should not; tests and a private world may allow it)
 * @param maxAppendSize the largest message APPEND accepts (the APPENDLIMIT)
 * @param autologout how long an idle client may stay (RFC 9051 §5.4: at least 30 minutes)
 * @param pollInterval how often a session asks the store for changes nobody announced
 * @param throttle the failed-login throttle shared with the host's other services
 */
record ImapConfig(String hostname, MailStore store, SSLContext tls, boolean allowPlaintextAuth,
    long maxAppendSize, Duration autologout, Duration pollInterval, AuthThrottle throttle) {}
