package org.minternet.mail.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Duration> slept = new ArrayList<>();

  private AuthThrottle.Builder throttle() {
    return AuthThrottle.builder().clock(now::get).sleeper(slept::add);
  }

  private static InetAddress ip(String a) throws Exception {
    return InetAddress.getByName(a);
  }

  private static Optional<String> wrong() {
    return Optional.empty();
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void delaysDoubleFromTheThresholdUpToTheMaximumThenTheCeilingRefusesWithoutChecking() throws Exception {
    AuthThrottle t = throttle().build();
    InetAddress a = ip("192.0.2.7");
    for (int i = 0; i < 5; i++) t.attempt(a, AuthThrottleTest::wrong);
    assertThat(slept).isEmpty();
    for (int i = 5; i < 30; i++) t.attempt(a, AuthThrottleTest::wrong);
    assertThat(slept).hasSize(25);
    assertThat(slept.subList(0, 6)).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(15));
    assertThat(slept.get(24)).isEqualTo(Duration.ofSeconds(15));
    assertThat(t.failures(a)).isEqualTo(30);

    AtomicBoolean checked = new AtomicBoolean();
    assertThatThrownBy(() -> t.attempt(a, () -> {
      checked.set(true);
      return Optional.of("bob");
    })).isInstanceOf(AuthThrottle.Refused.class);
    assertThat(checked).isFalse();
  }

  @Test
  void otherAddressesAreNotAffected() throws Exception {
    AuthThrottle t = throttle().threshold(1).ceiling(2).build();
    InetAddress a = ip("127.0.0.1");
    t.attempt(a, AuthThrottleTest::wrong);
    t.attempt(a, AuthThrottleTest::wrong);
    assertThatThrownBy(() -> t.attempt(a, () -> Optional.of("bob"))).isInstanceOf(AuthThrottle.Refused.class);
    assertThat(t.attempt(ip("127.0.0.2"), () -> Optional.of("bob"))).contains("bob");
    assertThat(t.verdict(ip("127.0.0.2"))).isEqualTo(AuthThrottle.Verdict.GO);
  }

  @Test
  void aSuccessResetsTheCount() throws Exception {
    AuthThrottle t = throttle().build();
    InetAddress a = ip("198.51.100.1");
    for (int i = 0; i < 7; i++) t.attempt(a, AuthThrottleTest::wrong);
    assertThat(t.failures(a)).isEqualTo(7);
    assertThat(t.attempt(a, () -> Optional.of("bob"))).contains("bob");
    assertThat(t.failures(a)).isZero();
    assertThat(t.verdict(a)).isEqualTo(AuthThrottle.Verdict.GO);
  }

  @Test
  void failuresAreForgottenAfterAQuietWindowButNotBefore() throws Exception {
    AuthThrottle t = throttle().threshold(2).ceiling(3).window(Duration.ofMinutes(10)).build();
    InetAddress a = ip("203.0.113.9");
    for (int i = 0; i < 3; i++) t.attempt(a, AuthThrottleTest::wrong);
    advance(Duration.ofMinutes(9));
    assertThat(t.verdict(a).refused()).isTrue();
    advance(Duration.ofMinutes(1));
    assertThat(t.failures(a)).isZero();
    assertThat(t.attempt(a, () -> Optional.of("bob"))).contains("bob");
  }

  @Test
  void refusedAttemptsDoNotProlongTheWindow() throws Exception {
    AuthThrottle t = throttle().threshold(1).ceiling(1).window(Duration.ofMinutes(10)).build();
    InetAddress a = ip("203.0.113.10");
    t.attempt(a, AuthThrottleTest::wrong);
    advance(Duration.ofMinutes(5));
    assertThatThrownBy(() -> t.attempt(a, AuthThrottleTest::wrong)).isInstanceOf(AuthThrottle.Refused.class);
    advance(Duration.ofMinutes(5));
    assertThat(t.verdict(a)).isEqualTo(AuthThrottle.Verdict.GO);
  }

  @Test
  void ipv6AddressesOfOneSlash64CountTogether() throws Exception {
    AuthThrottle t = throttle().threshold(1).ceiling(2).build();
    t.attempt(ip("2001:db8:1:2::1"), AuthThrottleTest::wrong);
    t.attempt(ip("2001:db8:1:2:ffff::99"), AuthThrottleTest::wrong);
    assertThat(t.verdict(ip("2001:db8:1:2::abcd")).refused()).isTrue();
    assertThat(t.verdict(ip("2001:db8:1:3::1"))).isEqualTo(AuthThrottle.Verdict.GO);
    assertThat(AuthThrottle.key(ip("2001:db8:1:2::1"))).isEqualTo("20010db800010002::/64");
    assertThat(AuthThrottle.key(ip("192.0.2.1"))).isEqualTo("192.0.2.1");
  }

  @Test
  void exemptNetworksAreNeverThrottled() throws Exception {
    AuthThrottle t = throttle().threshold(1).ceiling(1).exempt(List.of("10.0.0.0/8")).build();
    InetAddress inside = ip("10.1.2.3");
    for (int i = 0; i < 5; i++) t.attempt(inside, AuthThrottleTest::wrong);
    assertThat(t.failures(inside)).isZero();
    assertThat(t.attempt(inside, () -> Optional.of("bob"))).contains("bob");
    t.attempt(ip("11.0.0.1"), AuthThrottleTest::wrong);
    assertThat(t.verdict(ip("11.0.0.1")).refused()).isTrue();
  }

  @Test
  void loopbackIsThrottledByDefault() throws Exception {
    AuthThrottle t = throttle().threshold(1).ceiling(1).build();
    t.attempt(InetAddress.getLoopbackAddress(), AuthThrottleTest::wrong);
    assertThat(t.verdict(InetAddress.getLoopbackAddress()).refused()).isTrue();
  }

  @Test
  void theNumberOfTrackedAddressesIsBounded() throws Exception {
    AuthThrottle t = throttle().threshold(1).ceiling(1).maxAddresses(100).build();
    for (int i = 0; i < 10_000; i++) {
      t.attempt(ip("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)), AuthThrottleTest::wrong);
    }
    assertThat(t.trackedAddresses()).isLessThanOrEqualTo(100);
  }

  @Test
  void disabledNeverDelaysNorRefuses() throws Exception {
    AuthThrottle t = AuthThrottle.disabled();
    InetAddress a = ip("192.0.2.50");
    for (int i = 0; i < 100; i++) t.attempt(a, AuthThrottleTest::wrong);
    assertThat(t.verdict(a)).isEqualTo(AuthThrottle.Verdict.GO);
  }

  @Test
  void zeroDelaysStillRefuseAtTheCeiling() throws Exception {
    AuthThrottle t = throttle().threshold(1).ceiling(3).delays(Duration.ZERO, Duration.ZERO).build();
    InetAddress a = ip("192.0.2.51");
    for (int i = 0; i < 3; i++) t.attempt(a, AuthThrottleTest::wrong);
    assertThat(slept).isEmpty();
    assertThat(t.verdict(a).refused()).isTrue();
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> AuthThrottle.builder().threshold(10).ceiling(5).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthThrottle.builder().delays(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AuthThrottle.builder().exempt(List.of("not-a-network")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
