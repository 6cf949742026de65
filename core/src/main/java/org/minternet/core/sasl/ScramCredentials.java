package org.minternet.core.sasl;

import java.io.IOException;
import java.util.Optional;

/** Where the SCRAM mechanisms find a user's stored keys (an account repository, e.g. XMPP's). */
@FunctionalInterface
public interface ScramCredentials<U> {
  /**
   * The stored credential of {@code username} (as the client sent it, {@code =2C} and {@code =3D}
   * decoded) for {@code algorithm}; empty when the user is unknown or has no keys for it. An
   * unknown user is not revealed: the exchange goes on with an invented salt and fails at the
   * proof like a wrong password.
   *
   * @throws SaslUnavailableException when no verdict can be given now
   */
  Optional<ScramCredential<U>> lookup(String username, ScramAlgorithm algorithm)
      throws SaslUnavailableException, IOException;
}
