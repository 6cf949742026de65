package org.minternet.core.sasl;

/**
 * Whether an authenticated identity may act as another one (RFC 4422 section 3.4.1). Asked only
 * when the client names an authorization identity that is not empty; an empty one always means
 * "act as myself".
 */
@FunctionalInterface
public interface AuthorizationPolicy {
  /** Only oneself, compared exactly (the default). */
  AuthorizationPolicy SELF = (authenticationId, authorizationId) -> authorizationId.equals(authenticationId);

  /** Only oneself, ignoring ASCII and Unicode case: for identities that are mail addresses. */
  AuthorizationPolicy SELF_IGNORING_CASE =
      (authenticationId, authorizationId) -> authorizationId.equalsIgnoreCase(authenticationId);

  boolean mayActAs(String authenticationId, String authorizationId);
}
