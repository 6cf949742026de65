package org.minternet.core.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SaslServerTest {
  /** Passwords of a tiny account table; every check is recorded. */
  private final List<String> checked = new ArrayList<>();
  private final PasswordVerifier<String> passwords = (user, password) -> {
    checked.add(user + "/" + password);
    if (password.equals("throttled")) throw new SaslUnavailableException("too many failures");
    return (user.equals("alice@crepes.fr") && password.equals("secret"))
        || (user.equals("bob") && password.equals("spaced out ")) ? Optional.of("account:" + user) : Optional.empty();
  };

  private SaslServer<String> server() {
    return SaslServer.<String>builder().passwords(passwords).mechanisms("PLAIN", "LOGIN").build();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private SaslStep<String> plain(SaslServer<String> server, String message) throws Exception {
    return server.start("PLAIN").orElseThrow().evaluate(b(message));
  }

  private static SaslFailure failure(SaslStep<String> step) {
    assertThat(step).isInstanceOf(SaslStep.Failure.class);
    return ((SaslStep.Failure<String>) step).reason();
  }

  @Test
  void plainWithoutAuthzidAuthenticates() throws Exception {
    SaslStep<String> step = plain(server(), "\0alice@crepes.fr\0secret");
    SaslStep.Success<String> s = (SaslStep.Success<String>) step;
    assertThat(s.authenticationId()).isEqualTo("alice@crepes.fr");
    assertThat(s.authorizationId()).isEqualTo("alice@crepes.fr");
    assertThat(s.account()).isEqualTo("account:alice@crepes.fr");
    assertThat(s.additionalData()).isEmpty();
  }

  @Test
  void plainWithItsOwnAuthzidAuthenticates() throws Exception {
    assertThat(plain(server(), "alice@crepes.fr\0alice@crepes.fr\0secret")).isInstanceOf(SaslStep.Success.class);
  }

  // SMTP and POP3 compared the authzid ignoring case without saying so; it is now a named policy
  @Test
  void authzidCaseIsThePolicysChoice() throws Exception {
    assertThat(failure(plain(server(), "ALICE@crepes.fr\0alice@crepes.fr\0secret")))
        .isEqualTo(SaslFailure.AUTHORIZATION_REFUSED);
    SaslServer<String> mail = SaslServer.<String>builder().passwords(passwords)
        .authorization(AuthorizationPolicy.SELF_IGNORING_CASE).build();
    SaslStep.Success<String> s = (SaslStep.Success<String>) plain(mail, "ALICE@crepes.fr\0alice@crepes.fr\0secret");
    assertThat(s.authorizationId()).isEqualTo("ALICE@crepes.fr");
  }

  // IMAP refused another authzid before checking the password (and without counting a failure);
  // SMTP and POP3 counted it as a wrong password. Now: the password first, then the policy.
  @Test
  void anotherUsersAuthzidIsRefusedAfterThePasswordIsChecked() throws Exception {
    assertThat(failure(plain(server(), "bob@hamburger.edu\0alice@crepes.fr\0secret")))
        .isEqualTo(SaslFailure.AUTHORIZATION_REFUSED);
    assertThat(failure(plain(server(), "bob@hamburger.edu\0alice@crepes.fr\0wrong")))
        .isEqualTo(SaslFailure.INVALID_CREDENTIALS);
    assertThat(checked).containsExactly("alice@crepes.fr/secret", "alice@crepes.fr/wrong");
    SaslServer<String> admin = SaslServer.<String>builder().passwords(passwords)
        .authorization((authcid, authzid) -> authcid.equals("alice@crepes.fr")).build();
    SaslStep.Success<String> s = (SaslStep.Success<String>) plain(admin, "bob@hamburger.edu\0alice@crepes.fr\0secret");
    assertThat(s.authorizationId()).isEqualTo("bob@hamburger.edu");
    assertThat(s.authenticationId()).isEqualTo("alice@crepes.fr");
  }

  @Test
  void passwordsAreNeverTrimmed() throws Exception {
    assertThat(failure(plain(server(), "\0alice@crepes.fr\0secret "))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
    assertThat(failure(plain(server(), "\0alice@crepes.fr\0 secret"))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
    assertThat(plain(server(), "\0bob\0spaced out ")).isInstanceOf(SaslStep.Success.class);
    assertThat(checked).containsExactly("alice@crepes.fr/secret ", "alice@crepes.fr/ secret", "bob/spaced out ");
  }

  @Test
  void plainPasswordsAreUtf8() throws Exception {
    PasswordVerifier<String> v = (u, p) -> p.equals("pässwörd€") ? Optional.of(u) : Optional.empty();
    SaslServer<String> s = SaslServer.<String>builder().passwords(v).build();
    assertThat(s.start("plain").orElseThrow().evaluate(b("\0u\0pässwörd€"))).isInstanceOf(SaslStep.Success.class);
    byte[] latin1 = "\0u\0p\u00e4ss".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(failure(s.start("PLAIN").orElseThrow().evaluate(latin1))).isEqualTo(SaslFailure.MALFORMED);
  }

  @Test
  void malformedPlainMessagesAreRefusedWithoutACheck() throws Exception {
    for (String m : List.of("", "alice", "\0alice", "\0\0secret", "\0alice\0", "a\0b\0c\0d", "\0alice\0se\0cret")) {
      assertThat(failure(plain(server(), m))).as("%s", m.replace("\0", "\\0")).isEqualTo(SaslFailure.MALFORMED);
    }
    assertThat(checked).isEmpty();
  }

  @Test
  void responsesAreBounded() throws Exception {
    SaslServer<String> s = SaslServer.<String>builder().passwords(passwords).maxResponse(300).build();
    String longPassword = "x".repeat(300);
    assertThat(failure(plain(s, "\0alice@crepes.fr\0" + longPassword))).isEqualTo(SaslFailure.MALFORMED);
    String fits = "y".repeat(255); // RFC 4616: at least 255 octets per field are accepted
    assertThat(failure(plain(server(), fits + "\0" + fits + "\0" + fits))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
  }

  @Test
  void plainWithoutInitialResponseAsksWithAnEmptyChallenge() throws Exception {
    SaslExchange<String> x = server().start("PLAIN").orElseThrow();
    SaslStep<String> first = x.evaluate(null);
    assertThat(((SaslStep.Challenge<String>) first).data()).isEmpty();
    assertThat(x.evaluate(b("\0alice@crepes.fr\0secret"))).isInstanceOf(SaslStep.Success.class);
    assertThatThrownBy(() -> x.evaluate(b("again"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anUnavailableVerdictIsATemporaryFailure() throws Exception {
    assertThat(failure(plain(server(), "\0alice@crepes.fr\0throttled"))).isEqualTo(SaslFailure.TEMPORARY_FAILURE);
  }

  @Test
  void loginAsksForUsernameThenPassword() throws Exception {
    SaslExchange<String> x = server().start("login").orElseThrow();
    assertThat(((SaslStep.Challenge<String>) x.evaluate(null)).data()).isEqualTo(b("Username:"));
    assertThat(((SaslStep.Challenge<String>) x.evaluate(b("alice@crepes.fr"))).data()).isEqualTo(b("Password:"));
    SaslStep.Success<String> s = (SaslStep.Success<String>) x.evaluate(b("secret"));
    assertThat(s.authenticationId()).isEqualTo("alice@crepes.fr");
  }

  @Test
  void loginTakesTheUsernameAsInitialResponse() throws Exception {
    SaslExchange<String> x = server().start("LOGIN").orElseThrow();
    assertThat(((SaslStep.Challenge<String>) x.evaluate(b("bob"))).data()).isEqualTo(b("Password:"));
    assertThat(x.evaluate(b("spaced out "))).isInstanceOf(SaslStep.Success.class);
    SaslExchange<String> y = server().start("LOGIN").orElseThrow();
    y.evaluate(b("bob"));
    assertThat(failure(y.evaluate(b("spaced out")))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
    SaslExchange<String> z = server().start("LOGIN").orElseThrow();
    assertThat(failure(z.evaluate(b("a\0b")))).isEqualTo(SaslFailure.MALFORMED);
  }

  @Test
  void mechanismsByName() {
    SaslServer<String> s = server();
    assertThat(s.mechanisms()).containsExactly("PLAIN", "LOGIN");
    assertThat(s.start("CRAM-MD5")).isEmpty();
    assertThat(s.start("SCRAM-SHA-256")).isEmpty();
    assertThat(SaslServer.<String>builder().passwords(passwords).build().mechanisms()).containsExactly("PLAIN");
    assertThatThrownBy(() -> SaslServer.<String>builder().passwords(passwords).mechanisms("SCRAM-SHA-1").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SCRAM-SHA-1");
    assertThatThrownBy(() -> SaslServer.<String>builder().build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void base64AtTheProtocolEdge() {
    assertThat(SaslText.decodeBase64("=")).isEmpty();
    assertThat(SaslText.decodeBase64(" AGFsaWNlAHNlY3JldA== ")).isEqualTo(b("\0alice\0secret"));
    assertThat(SaslText.encodeBase64(b("Username:"))).isEqualTo("VXNlcm5hbWU6");
    assertThatThrownBy(() -> SaslText.decodeBase64("not base64!")).isInstanceOf(IllegalArgumentException.class);
  }
}
