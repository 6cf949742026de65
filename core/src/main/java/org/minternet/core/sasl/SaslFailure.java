package org.minternet.core.sasl;

/** Why a {@link SaslExchange} failed, for the protocol to choose its reply. */
public enum SaslFailure {
  /**
   * The response does not follow the mechanism's syntax (bad separators, invalid UTF-8, an empty
   * identity or password, a field over its size bound, an unknown mandatory SCRAM extension):
   * SMTP 501, POP3 {@code -ERR}, IMAP {@code BAD}.
   */
  MALFORMED,
  /** Wrong identity or password (or proof): SMTP 535, IMAP {@code NO [AUTHENTICATIONFAILED]}. */
  INVALID_CREDENTIALS,
  /**
   * The credentials are right but the authentication identity may not act as the requested
   * authorization identity (RFC 4422 section 3.4.1): IMAP {@code NO [AUTHORIZATIONFAILED]}.
   */
  AUTHORIZATION_REFUSED,
  /**
   * The client's channel binding does not match or cannot be used: {@code p=} without binding
   * data of that type, {@code y} while the server offers the {@code -PLUS} variant (a downgrade,
   * RFC 5802 section 6), a {@code -PLUS} mechanism without {@code p=}, or a {@code c=} attribute
   * that differs from what was negotiated.
   */
  CHANNEL_BINDING,
  /** No verdict now (too many failures from this address, the account store is down). */
  TEMPORARY_FAILURE
}
