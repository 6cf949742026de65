package org.minternet.core.sasl;

import java.util.Objects;

/**
 * What a {@link SaslExchange} answers to one client response (RFC 4422 section 3.4): a challenge
 * to send and wait for the next response, success, or failure. A protocol sends these with its own
 * framing (SMTP {@code 334}, IMAP {@code +}, XMPP {@code <challenge/>}), base64 at its edge.
 */
public sealed interface SaslStep<U> {
  /** Send {@code data} to the client as a challenge and evaluate its next response. */
  record Challenge<U>(byte[] data) implements SaslStep<U> {
    public Challenge {
      Objects.requireNonNull(data);
    }
  }

  /**
   * The client is authenticated as {@code authenticationId} and acts as {@code authorizationId}
   * (the same when the client named none). {@code account} is what the credential check returned.
   * {@code additionalData} is the mechanism's final server message (SCRAM's {@code v=}), empty
   * when it has none; a protocol without "additional data with success" (RFC 4422 section 4 (5))
   * sends it as a last challenge and expects an empty response.
   */
  record Success<U>(String authenticationId, String authorizationId, U account, byte[] additionalData)
      implements SaslStep<U> {
    public Success {
      Objects.requireNonNull(authenticationId);
      Objects.requireNonNull(authorizationId);
      Objects.requireNonNull(additionalData);
    }
  }

  /** The exchange failed; {@code reason} chooses the protocol's reply. */
  record Failure<U>(SaslFailure reason) implements SaslStep<U> {
    public Failure {
      Objects.requireNonNull(reason);
    }
  }
}
