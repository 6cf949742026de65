package org.minternet.core.sasl;

import java.io.IOException;

/**
 * One server-side SASL authentication exchange (RFC 4422 section 3), created by
 * {@link SaslServer#start}. The protocol calls {@link #evaluate} with each client response until
 * it returns {@link SaslStep.Success} or {@link SaslStep.Failure}; an exchange is not reused.
 * Cancellation ({@code *} in SMTP, POP3 and IMAP) and base64 belong to the protocol.
 */
public interface SaslExchange<U> {
  /** The mechanism's registered name, e.g. {@code PLAIN} or {@code SCRAM-SHA-256}. */
  String mechanism();

  /**
   * Evaluates the next client response. On the first call {@code response} is the initial
   * response, or {@code null} when the client sent none (then a mechanism that starts with the
   * client answers an empty challenge, RFC 4422 section 5 (2)); an empty initial response
   * ({@code =}) is an empty array, not {@code null}.
   *
   * @throws IOException from the credential check (e.g. interrupted while the server closes)
   * @throws IllegalStateException once the exchange has succeeded or failed
   */
  SaslStep<U> evaluate(byte[] response) throws IOException;
}
