package org.minternet.http.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
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

  @Test
  void clientNetworks() throws Exception {
    ClientNetworks n = ClientNetworks.parse(List.of("10.1.0.0/16", "192.168.1.7", "::1/128"));
    assertThat(n.allows(InetAddress.getByName("10.1.200.3"))).isTrue();
    assertThat(n.allows(InetAddress.getByName("10.2.0.1"))).isFalse();
    assertThat(n.allows(InetAddress.getByName("192.168.1.7"))).isTrue();
    assertThat(n.allows(InetAddress.getByName("192.168.1.8"))).isFalse();
    assertThat(n.allows(InetAddress.getByName("::1"))).isTrue();
    assertThat(n.allows(InetAddress.getByName("::ffff:10.1.0.1"))).isTrue();
    ClientNetworks odd = ClientNetworks.parse(List.of("172.16.0.0/12"));
    assertThat(odd.allows(InetAddress.getByName("172.31.255.255"))).isTrue();
    assertThat(odd.allows(InetAddress.getByName("172.32.0.0"))).isFalse();
    assertThatThrownBy(() -> ClientNetworks.parse(List.of("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientNetworks.parse(List.of("example.com")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
