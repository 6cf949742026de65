package org.minternet.core.sasl;

/**
 * Thrown by a credential check that cannot give a verdict now, e.g. because the client's address
 * failed too often; the exchange then fails with {@link SaslFailure#TEMPORARY_FAILURE}.
 */
public class SaslUnavailableException extends Exception {
  public SaslUnavailableException(String message) {
    super(message);
  }
}
