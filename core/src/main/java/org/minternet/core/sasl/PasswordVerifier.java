package org.minternet.core.sasl;

import java.io.IOException;
import java.util.Optional;

/**
 * Checks a clear-text password for the PLAIN and LOGIN mechanisms. The password is passed exactly
 * as the client sent it: never trimmed or case-folded.
 */
@FunctionalInterface
public interface PasswordVerifier<U> {
  /**
   * The account of {@code authenticationId} when {@code password} is its password; empty when
   * either is wrong (the same answer for an unknown user, so that users cannot be enumerated).
   *
   * @throws SaslUnavailableException when no verdict can be given now (throttled, store down)
   */
  Optional<U> verify(String authenticationId, String password) throws SaslUnavailableException, IOException;
}
