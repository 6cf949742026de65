package org.minternet.mail.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.minternet.core.sasl.SaslFailure;
import org.minternet.core.sasl.SaslServer;
import org.minternet.core.sasl.SaslStep;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.MailUser;
import org.minternet.mail.testing.MailFixture;

class MailSaslTest {
  private final MailStore store = MailFixture.store();
  private final InetAddress client = InetAddress.getLoopbackAddress();
  private final AuthThrottle throttle =
      AuthThrottle.builder().threshold(2).ceiling(3).delays(Duration.ZERO, Duration.ZERO).build();

  @AfterEach
  void close() {
    store.close();
  }

  private SaslStep<MailUser> plain(String message) throws Exception {
    SaslServer<MailUser> sasl = MailSasl.forClient(store, throttle, client, "PLAIN");
    return sasl.start("PLAIN").orElseThrow().evaluate(message.getBytes(StandardCharsets.UTF_8));
  }

  private static SaslFailure failure(SaslStep<MailUser> step) {
    assertThat(step).isInstanceOf(SaslStep.Failure.class);
    return ((SaslStep.Failure<MailUser>) step).reason();
  }

  // SMTP and POP3 counted another user's authzid as a failed login before checking the password;
  // now the password is checked (and counted) first, and a right one resets the count
  @Test
  void anotherUsersAuthzidWithTheRightPasswordIsNotAFailedLogin() throws Exception {
    assertThat(failure(plain("\0" + MailFixture.ALICE + "\0wrong"))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
    assertThat(throttle.failures(client)).isEqualTo(1);
    assertThat(failure(plain(MailFixture.BOB + "\0" + MailFixture.ALICE + "\0" + MailFixture.ALICE_PASSWORD)))
        .isEqualTo(SaslFailure.AUTHORIZATION_REFUSED);
    assertThat(throttle.failures(client)).isZero();
  }

  @Test
  void theOwnAddressInAnotherCaseIsTheSameIdentity() throws Exception {
    SaslStep.Success<MailUser> ok = (SaslStep.Success<MailUser>) plain(
        "ALICE@Crepes.FR\0" + MailFixture.ALICE + "\0" + MailFixture.ALICE_PASSWORD);
    assertThat(ok.account().address()).isEqualTo(MailFixture.ALICE);
  }

  @Test
  void overTheCeilingIsATemporaryFailureWithoutAPasswordCheck() throws Exception {
    for (int i = 0; i < 3; i++) plain("\0" + MailFixture.ALICE + "\0wrong");
    assertThat(failure(plain("\0" + MailFixture.ALICE + "\0" + MailFixture.ALICE_PASSWORD)))
        .isEqualTo(SaslFailure.TEMPORARY_FAILURE);
    assertThat(throttle.failures(client)).isEqualTo(3);
  }
}
