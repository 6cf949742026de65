package org.minternet.core.sasl;

import java.io.IOException;
import java.util.Optional;

/**
 * PLAIN (RFC 4616 section 2): {@code [authzid] NUL authcid NUL passwd} in UTF-8, in one response.
 * The authentication identity and password must not be empty and no field contains NUL; nothing
 * is trimmed. The password is checked first; then an authorization identity that is neither
 * empty nor allowed by the policy fails the exchange with {@link SaslFailure#AUTHORIZATION_REFUSED}.
 */
final class PlainExchange<U> implements SaslExchange<U> {
  private final PasswordVerifier<U> passwords;
  private final AuthorizationPolicy policy;
  private final int maxResponse;
  private boolean challenged;
  private boolean done;

  PlainExchange(PasswordVerifier<U> passwords, AuthorizationPolicy policy, int maxResponse) {
    this.passwords = passwords;
    this.policy = policy;
    this.maxResponse = maxResponse;
  }

  @Override
  public String mechanism() {
    return SaslServer.PLAIN;
  }

  @Override
  public SaslStep<U> evaluate(byte[] response) throws IOException {
    if (done) throw new IllegalStateException("PLAIN exchange already finished");
    if (response == null && !challenged) {
      challenged = true;
      return new SaslStep.Challenge<>(new byte[0]);
    }
    done = true;
    if (response == null || response.length > maxResponse) return fail(SaslFailure.MALFORMED);
    int first = indexOf(response, 0);
    int second = first < 0 ? -1 : indexOf(response, first + 1);
    if (second < 0 || indexOf(response, second + 1) >= 0) return fail(SaslFailure.MALFORMED);
    String authzid = SaslText.utf8(response, 0, first);
    String authcid = SaslText.utf8(response, first + 1, second);
    String password = SaslText.utf8(response, second + 1, response.length);
    if (authzid == null || authcid == null || password == null || authcid.isEmpty() || password.isEmpty()) {
      return fail(SaslFailure.MALFORMED);
    }
    Optional<U> account;
    try {
      account = passwords.verify(authcid, password);
    } catch (SaslUnavailableException e) {
      return fail(SaslFailure.TEMPORARY_FAILURE);
    }
    if (account.isEmpty()) return fail(SaslFailure.INVALID_CREDENTIALS);
    if (!authzid.isEmpty() && !policy.mayActAs(authcid, authzid)) return fail(SaslFailure.AUTHORIZATION_REFUSED);
    return new SaslStep.Success<>(authcid, authzid.isEmpty() ? authcid : authzid, account.get(), new byte[0]);
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) if (b[i] == 0) return i;
    return -1;
  }

  private SaslStep<U> fail(SaslFailure reason) {
    return new SaslStep.Failure<>(reason);
  }
}
