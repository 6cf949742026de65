package org.minternet.core.sasl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * LOGIN (draft-murchison-sasl-login-00, the obsolete mechanism many SMTP clients still use): the
 * server asks {@code Username:}, then {@code Password:}; an initial response is the user name.
 * Both in UTF-8, neither empty nor containing NUL, neither trimmed.
 */
final class LoginExchange<U> implements SaslExchange<U> {
  static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
  static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

  private enum State { START, USERNAME_ASKED, PASSWORD_ASKED, DONE }

  private final PasswordVerifier<U> passwords;
  private final int maxResponse;
  private State state = State.START;
  private String username;

  LoginExchange(PasswordVerifier<U> passwords, int maxResponse) {
    this.passwords = passwords;
    this.maxResponse = maxResponse;
  }

  @Override
  public String mechanism() {
    return SaslServer.LOGIN;
  }

  @Override
  public SaslStep<U> evaluate(byte[] response) throws IOException {
    switch (state) {
      case START -> {
        if (response == null) {
          state = State.USERNAME_ASKED;
          return new SaslStep.Challenge<>(USERNAME.clone());
        }
        return takeUsername(response);
      }
      case USERNAME_ASKED -> {
        return takeUsername(response);
      }
      case PASSWORD_ASKED -> {
        state = State.DONE;
        String password = field(response);
        if (password == null) return new SaslStep.Failure<>(SaslFailure.MALFORMED);
        Optional<U> account;
        try {
          account = passwords.verify(username, password);
        } catch (SaslUnavailableException e) {
          return new SaslStep.Failure<>(SaslFailure.TEMPORARY_FAILURE);
        }
        if (account.isEmpty()) return new SaslStep.Failure<>(SaslFailure.INVALID_CREDENTIALS);
        return new SaslStep.Success<>(username, username, account.get(), new byte[0]);
      }
      default -> throw new IllegalStateException("LOGIN exchange already finished");
    }
  }

  private SaslStep<U> takeUsername(byte[] response) {
    username = field(response);
    if (username == null) {
      state = State.DONE;
      return new SaslStep.Failure<>(SaslFailure.MALFORMED);
    }
    state = State.PASSWORD_ASKED;
    return new SaslStep.Challenge<>(PASSWORD.clone());
  }

  private String field(byte[] response) {
    if (response == null || response.length == 0 || response.length > maxResponse) return null;
    for (byte b : response) if (b == 0) return null;
    return SaslText.utf8(response);
  }
}
