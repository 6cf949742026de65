package org.minternet.mail.auth;

import java.net.InetAddress;
import org.minternet.core.sasl.AuthorizationPolicy;
import org.minternet.core.sasl.SaslServer;
import org.minternet.core.sasl.SaslUnavailableException;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.MailUser;

/**
 * The SASL server of one mail connection (SMTP AUTH, POP3 AUTH, IMAP AUTHENTICATE): core's
 * mechanisms over the store's passwords, every check through the host's failed-login throttle for
 * the client's address (over its ceiling: {@link org.minternet.core.sasl.SaslFailure#TEMPORARY_FAILURE}),
 * and an authorization identity accepted only when it is the user's own address in any case.
 */
public final class MailSasl {
  private MailSasl() {}

  public static SaslServer<MailUser> forClient(MailStore store, AuthThrottle throttle, InetAddress client,
      String... mechanisms) {
    return SaslServer.<MailUser>builder()
        .passwords((user, password) -> {
          try {
            return throttle.attempt(client, () -> store.accounts().authenticate(user, password));
          } catch (AuthThrottle.Refused e) {
            throw new SaslUnavailableException("too many failed logins from " + client.getHostAddress());
          }
        })
        .authorization(AuthorizationPolicy.SELF_IGNORING_CASE)
        .mechanisms(mechanisms)
        .build();
  }
}
