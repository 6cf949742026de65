package org.minternet.mail.pop3;

import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.minternet.mail.store.MailStore;

/**
 * What the POP3 services of a mail host share.
 *
 * @param hostname the name in the greeting
 * @param store the mail store (the maildrop is the user's INBOX)
 * @param tls the server's TLS context for STLS and POP3S, or null
 * @param allowInsecureAuth whether USER/PASS and AUTH work without TLS (off: RFC 2595 §2.3, RFC 8314);
 *     APOP works either way, as it never sends the secret, for users who have an APOP secret
 */
public record Pop3Config(String hostname, MailStore store, SSLContext tls, boolean allowInsecureAuth) {
  public Pop3Config {
    Objects.requireNonNull(hostname);
    Objects.requireNonNull(store);
  }
}
