package org.minternet.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CookieJarTest {
  @Test
  void hostOnlyCookieGoesOnlyToItsHost() {
    CookieJar jar = CookieJar.empty();
    jar.store(URI.create("http://www.example.org/a/b"), "id=1");
    assertThat(jar.header(URI.create("http://www.example.org/a/c"))).isEqualTo("id=1");
    assertThat(jar.header(URI.create("http://www.example.org/other"))).isNull();
    assertThat(jar.header(URI.create("http://sub.www.example.org/a/c"))).isNull();
  }

  @Test
  void domainCookieGoesToSubdomains() {
    CookieJar jar = CookieJar.empty();
    jar.store(URI.create("http://www.example.org/"), "d=1; Domain=.example.org; Path=/");
    assertThat(jar.header(URI.create("http://shop.example.org/x"))).isEqualTo("d=1");
    assertThat(jar.header(URI.create("http://example.org/"))).isEqualTo("d=1");
    assertThat(jar.header(URI.create("http://badexample.org/"))).isNull();
  }

  @Test
  void foreignDomainIsRejected() {
    CookieJar jar = CookieJar.empty();
    jar.store(URI.create("http://www.example.org/"), "x=1; Domain=evil.com");
    assertThat(jar.all()).isEmpty();
  }

  @Test
  void secureExpiryAndDeletion() {
    CookieJar jar = CookieJar.empty();
    URI u = URI.create("https://h/");
    jar.store(u, "s=1; Secure; Max-Age=3600");
    jar.store(u, "old=1; Expires=Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(jar.header(URI.create("http://h/"))).isNull();
    assertThat(jar.header(u)).isEqualTo("s=1");
    jar.store(u, "s=; Max-Age=0");
    assertThat(jar.header(u)).isNull();
  }

  @Test
  void longerPathsComeFirst() {
    CookieJar jar = CookieJar.empty();
    jar.store(URI.create("http://h/"), "a=1; Path=/");
    jar.store(URI.create("http://h/"), "b=2; Path=/docs");
    assertThat(jar.header(URI.create("http://h/docs/x"))).isEqualTo("b=2; a=1");
    assertThat(jar.header(URI.create("http://h/docsx"))).isEqualTo("a=1");
  }

  @Test
  void netscapeFormatRoundTrip(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cookies.txt");
    Files.writeString(file, "# Netscape HTTP Cookie File\n"
        + ".example.org\tTRUE\t/\tFALSE\t4102444800\tlang\ten\n"
        + "#HttpOnly_www.example.org\tFALSE\t/app\tTRUE\t0\tsid\tabc\n"
        + "malformed line\n");
    CookieJar jar = CookieJar.load(file);
    assertThat(jar.all()).hasSize(2);
    assertThat(jar.header(URI.create("https://www.example.org/app/x"))).isEqualTo("sid=abc; lang=en");
    jar.save(file);
    String saved = Files.readString(file);
    assertThat(saved).contains(".example.org\tTRUE\t/\tFALSE\t4102444800\tlang\ten\n")
        .contains("#HttpOnly_www.example.org\tFALSE\t/app\tTRUE\t0\tsid\tabc\n");
    assertThat(CookieJar.load(file).all()).isEqualTo(jar.all());
  }
}
