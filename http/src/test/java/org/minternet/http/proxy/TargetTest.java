package org.minternet.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.minternet.http.wire.HttpException;

/** Request targets, cache keys and client networks. */
class TargetTest {
  @Test
  void absoluteFormBecomesKeyAndOriginForm() throws HttpException {
    Target t = Target.absolute("http://WWW.Example.EDU:80/a/b?q=1#frag");
    assertThat(t.host()).isEqualTo("www.example.edu");
    assertThat(t.port()).isEqualTo(80);
    assertThat(t.pathAndQuery()).isEqualTo("/a/b?q=1");
    assertThat(t.uri()).isEqualTo("http://www.example.edu/a/b?q=1");
    assertThat(Target.absolute("http://h:8080").uri()).isEqualTo("http://h:8080/");
    assertThat(Target.absolute("http://h?x").pathAndQuery()).isEqualTo("/?x");
    assertThat(Target.absolute("HTTP://[::1]:81/").authority()).isEqualTo("[::1]:81");
  }

  @Test
  void badTargets() {
    assertThatThrownBy(() -> Target.absolute("http://user@h/")).isInstanceOf(HttpException.class);
    assertThatThrownBy(() -> Target.absolute("http://h:0/")).isInstanceOf(HttpException.class);
    assertThatThrownBy(() -> Target.absolute("http://h:99999/")).isInstanceOf(HttpException.class);
    assertThatThrownBy(() -> Target.absolute("http://h:+80/")).isInstanceOf(HttpException.class);
    assertThatThrownBy(() -> Target.absolute("http:///x")).isInstanceOf(HttpException.class);
    assertThatThrownBy(() -> Target.absolute("http://a%2f/")).isInstanceOf(HttpException.class);
    assertThatThrownBy(() -> Target.absolute("ftp://h/"))
        .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(501));
    assertThatThrownBy(() -> Target.authority("h:1:2", 443, "")).isInstanceOf(HttpException.class);
  }

  @Test
  void connectAuthority() throws HttpException {
    Target t = Target.authority("secure.example:8443", 443, "");
    assertThat(t.host()).isEqualTo("secure.example");
    assertThat(t.port()).isEqualTo(8443);
  }

  // ClientNetworks handed anything of hex digits and dots to InetAddress.getByName (a DNS
  // lookup for "dead.beef", 10.0.0.1 for "10.1"); the proxy now takes core's AddressRange rules
  @Test
  void clientNetworksAreRefusedAtBuildWhenTheyAreNoAddressRanges() {
    assertThatThrownBy(() -> CachingProxy.builder().allow("dead.beef").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> CachingProxy.builder().allow("10.1").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> CachingProxy.builder().allow("10.0.0.0/33").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix length");
  }
}
