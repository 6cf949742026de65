package org.minternet.core.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScramTest {
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder UNB64 = Base64.getDecoder();

  private final Map<String, ScramCredential<String>> sha1 = new HashMap<>();
  private final Map<String, ScramCredential<String>> sha256 = new HashMap<>();
  private final ScramCredentials<String> lookup = (user, algorithm) -> {
    if (user.equals("busy")) throw new SaslUnavailableException("store down");
    return Optional.ofNullable((algorithm == ScramAlgorithm.SHA_1 ? sha1 : sha256).get(user));
  };

  private void user(String name, String password, String saltBase64, int iterations) {
    byte[] salt = UNB64.decode(saltBase64);
    sha1.put(name, ScramCredential.derive(ScramAlgorithm.SHA_1, password, salt, iterations, "account:" + name));
    sha256.put(name, ScramCredential.derive(ScramAlgorithm.SHA_256, password, salt, iterations, "account:" + name));
  }

  private SaslServer<String> server(String serverNonce) {
    return SaslServer.<String>builder().scram(lookup).nonces(() -> serverNonce).build();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String s(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static String challenge(SaslStep<String> step) {
    assertThat(step).isInstanceOf(SaslStep.Challenge.class);
    return s(((SaslStep.Challenge<String>) step).data());
  }

  private static SaslFailure failure(SaslStep<String> step) {
    assertThat(step).isInstanceOf(SaslStep.Failure.class);
    return ((SaslStep.Failure<String>) step).reason();
  }

  // RFC 5802 section 5
  @Test
  void rfc5802ScramSha1Example() throws Exception {
    user("user", "pencil", "QSXCR+Q6sek8bf92", 4096);
    SaslExchange<String> x = server("3rfcNHYJY1ZVvWVs7j").start("SCRAM-SHA-1").orElseThrow();
    assertThat(challenge(x.evaluate(b("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"))))
        .isEqualTo("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
    SaslStep<String> last = x.evaluate(
        b("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="));
    SaslStep.Success<String> ok = (SaslStep.Success<String>) last;
    assertThat(s(ok.additionalData())).isEqualTo("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    assertThat(ok.authenticationId()).isEqualTo("user");
    assertThat(ok.account()).isEqualTo("account:user");
  }

  // RFC 7677 section 3
  @Test
  void rfc7677ScramSha256Example() throws Exception {
    user("user", "pencil", "W22ZaJ0SNY7soEsUEjb6gQ==", 4096);
    SaslExchange<String> x = server("%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0").start("scram-sha-256").orElseThrow();
    assertThat(challenge(x.evaluate(b("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")))).isEqualTo(
        "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
    SaslStep<String> last = x.evaluate(b("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
        + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="));
    assertThat(s(((SaslStep.Success<String>) last).additionalData()))
        .isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
  }

  /** A SCRAM client written from RFC 5802 section 3, independent of the server's code paths. */
  private static final class Client {
    final ScramAlgorithm algorithm;
    final String gs2;
    final String bare;
    final String password;
    final byte[] bindingData;
    String serverSignature;

    Client(ScramAlgorithm algorithm, String gs2, String user, String password, byte[] bindingData) {
      this.algorithm = algorithm;
      this.gs2 = gs2;
      this.bare = "n=" + user + ",r=clientnonce123";
      this.password = password;
      this.bindingData = bindingData;
    }

    byte[] first() {
      return b(gs2 + bare);
    }

    byte[] last(String serverFirst) {
      Map<Character, String> a = new HashMap<>();
      for (String kv : serverFirst.split(",")) a.put(kv.charAt(0), kv.substring(2));
      byte[] cbind = Arrays.copyOf(b(gs2), b(gs2).length + bindingData.length);
      System.arraycopy(bindingData, 0, cbind, b(gs2).length, bindingData.length);
      String withoutProof = "c=" + B64.encodeToString(cbind) + ",r=" + a.get('r');
      byte[] salted = algorithm.hi(b(password), UNB64.decode(a.get('s')), Integer.parseInt(a.get('i')));
      byte[] clientKey = algorithm.hmac(salted, "Client Key");
      String authMessage = bare + "," + serverFirst + "," + withoutProof;
      byte[] signature = algorithm.hmac(algorithm.hash(clientKey), authMessage);
      byte[] proof = new byte[clientKey.length];
      for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
      serverSignature = "v=" + B64.encodeToString(algorithm.hmac(algorithm.hmac(salted, "Server Key"), authMessage));
      return b(withoutProof + ",p=" + B64.encodeToString(proof));
    }
  }

  private SaslStep<String> run(SaslServer<String> server, String mechanism, ChannelBinding binding, Client c)
      throws Exception {
    SaslExchange<String> x = server.start(mechanism, binding).orElseThrow();
    assertThat(x.evaluate(null)).isInstanceOf(SaslStep.Challenge.class); // no initial response: empty challenge
    SaslStep<String> first = x.evaluate(c.first());
    if (!(first instanceof SaslStep.Challenge<String> ch)) return first;
    return x.evaluate(c.last(s(ch.data())));
  }

  @Test
  void ownClientWithBothHashesAndARandomNonce() throws Exception {
    user("alice", "correct horse", "c2FsdHNhbHRzYWx0", 4096);
    SaslServer<String> server = SaslServer.<String>builder().scram(lookup).build();
    for (ScramAlgorithm a : ScramAlgorithm.values()) {
      Client c = new Client(a, "n,,", "alice", "correct horse", new byte[0]);
      SaslStep.Success<String> ok = (SaslStep.Success<String>) run(server, a.mechanism(), ChannelBinding.NONE, c);
      assertThat(s(ok.additionalData())).isEqualTo(c.serverSignature);
      Client wrong = new Client(a, "n,,", "alice", "correct horse ", new byte[0]);
      assertThat(failure(run(server, a.mechanism(), ChannelBinding.NONE, wrong))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
    }
  }

  @Test
  void anUnknownUserGetsAStableInventedSaltAndFailsAtTheProof() throws Exception {
    SaslServer<String> server = server("srv");
    String s1 = challenge(server.start("SCRAM-SHA-256").orElseThrow().evaluate(b("n,,n=nobody,r=abc")));
    String s2 = challenge(server.start("SCRAM-SHA-256").orElseThrow().evaluate(b("n,,n=nobody,r=abc")));
    assertThat(s1).isEqualTo(s2).startsWith("r=abcsrv,s=").endsWith(",i=4096");
    Client c = new Client(ScramAlgorithm.SHA_256, "n,,", "nobody", "guess", new byte[0]);
    assertThat(failure(run(server, "SCRAM-SHA-256", ChannelBinding.NONE, c))).isEqualTo(SaslFailure.INVALID_CREDENTIALS);
  }

  @Test
  void channelBindingFlags() throws Exception {
    user("alice", "pw", "c2FsdHNhbHRzYWx0", 4096);
    SaslServer<String> server = SaslServer.<String>builder().scram(lookup).build();
    ChannelBinding tls = ChannelBinding.tlsExporter(b("exported keying material"));
    assertThat(server.mechanisms(ChannelBinding.NONE)).containsExactly("SCRAM-SHA-256", "SCRAM-SHA-1");
    assertThat(server.mechanisms(tls)).containsExactly("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1-PLUS",
        "SCRAM-SHA-1");
    assertThat(server.start("SCRAM-SHA-256-PLUS")).isEmpty();
    ScramAlgorithm a = ScramAlgorithm.SHA_256;
    // y: the client can bind but saw no -PLUS; fine without TLS binding, a downgrade with it
    assertThat(run(server, "SCRAM-SHA-256", ChannelBinding.NONE, new Client(a, "y,,", "alice", "pw", new byte[0])))
        .isInstanceOf(SaslStep.Success.class);
    assertThat(failure(run(server, "SCRAM-SHA-256", tls, new Client(a, "y,,", "alice", "pw", new byte[0]))))
        .isEqualTo(SaslFailure.CHANNEL_BINDING);
    // p: only on -PLUS, only for the binding type the connection has, with its data in c=
    assertThat(run(server, "SCRAM-SHA-256-PLUS", tls,
        new Client(a, "p=tls-exporter,,", "alice", "pw", b("exported keying material")))).isInstanceOf(SaslStep.Success.class);
    assertThat(failure(run(server, "SCRAM-SHA-256-PLUS", tls,
        new Client(a, "p=tls-exporter,,", "alice", "pw", b("other keying material"))))).isEqualTo(SaslFailure.CHANNEL_BINDING);
    assertThat(failure(run(server, "SCRAM-SHA-256-PLUS", tls,
        new Client(a, "p=tls-unique,,", "alice", "pw", b("exported keying material"))))).isEqualTo(SaslFailure.CHANNEL_BINDING);
    assertThat(failure(run(server, "SCRAM-SHA-256", ChannelBinding.NONE,
        new Client(a, "p=tls-exporter,,", "alice", "pw", new byte[0])))).isEqualTo(SaslFailure.CHANNEL_BINDING);
    assertThat(failure(run(server, "SCRAM-SHA-256-PLUS", tls, new Client(a, "n,,", "alice", "pw", new byte[0]))))
        .isEqualTo(SaslFailure.CHANNEL_BINDING);
    // c= must repeat the gs2 header the client started with
    SaslExchange<String> x = server("S").start("SCRAM-SHA-256").orElseThrow();
    String first = challenge(x.evaluate(b("n,,n=alice,r=C")));
    Client liar = new Client(a, "y,,", "alice", "pw", new byte[0]);
    assertThat(failure(x.evaluate(b(s(liar.last(first)).replace("r=clientnonce123", "r=C")))))
        .isEqualTo(SaslFailure.CHANNEL_BINDING);
  }

  @Test
  void authorizationIdentities() throws Exception {
    user("alice", "pw", "c2FsdHNhbHRzYWx0", 4096);
    SaslServer<String> server = SaslServer.<String>builder().scram(lookup).build();
    ScramAlgorithm a = ScramAlgorithm.SHA_1;
    assertThat(((SaslStep.Success<String>) run(server, "SCRAM-SHA-1", ChannelBinding.NONE,
        new Client(a, "n,a=alice,", "alice", "pw", new byte[0]))).authorizationId()).isEqualTo("alice");
    assertThat(failure(run(server, "SCRAM-SHA-1", ChannelBinding.NONE,
        new Client(a, "n,a=bob,", "alice", "pw", new byte[0])))).isEqualTo(SaslFailure.AUTHORIZATION_REFUSED);
  }

  @Test
  void saslnamesAreDecoded() throws Exception {
    user("a,b=c", "pw", "c2FsdHNhbHRzYWx0", 4096);
    SaslServer<String> server = SaslServer.<String>builder().scram(lookup).build();
    SaslStep<String> ok = run(server, "SCRAM-SHA-256", ChannelBinding.NONE,
        new Client(ScramAlgorithm.SHA_256, "n,,", "a=2Cb=3Dc", "pw", new byte[0]));
    assertThat(((SaslStep.Success<String>) ok).authenticationId()).isEqualTo("a,b=c");
  }

  @Test
  void malformedMessagesAndWrongNonces() throws Exception {
    user("alice", "pw", "c2FsdHNhbHRzYWx0", 4096);
    SaslServer<String> server = server("S");
    for (String bad : new String[] {"", "n,,", "x,,n=alice,r=C", "n,,r=C,n=alice", "n,,m=ext,n=alice,r=C",
        "n,,n=alice", "n,,n=,r=C", "n,,n=al=ice,r=C", "n,,n=alice,r=", "n,,n=alice,r=a b", "n,b=x,n=alice,r=C",
        "n,a=,n=alice,r=C", "p=,,n=alice,r=C", "p=tls exporter,,n=alice,r=C", "n,,n=alice,r=C,1=x", "n,,n=a\0,r=C"}) {
      assertThat(failure(server.start("SCRAM-SHA-256").orElseThrow().evaluate(b(bad)))).as(bad)
          .isEqualTo(SaslFailure.MALFORMED);
    }
    Client c = new Client(ScramAlgorithm.SHA_256, "n,,", "alice", "pw", new byte[0]);
    SaslExchange<String> x = server.start("SCRAM-SHA-256").orElseThrow();
    String first = challenge(x.evaluate(c.first()));
    String honest = s(c.last(first));
    assertThat(failure(x.evaluate(b(honest.replace("r=clientnonce123S", "r=clientnonce123T")))))
        .isEqualTo(SaslFailure.MALFORMED);
    for (String tampered : new String[] {honest.replace(",p=", ",p=AAAA"), honest.substring(0, honest.indexOf(",p=")),
        honest.replace("c=biws", "c=!!"), honest + "x"}) {
      SaslExchange<String> y = server.start("SCRAM-SHA-256").orElseThrow();
      y.evaluate(c.first());
      assertThat(y.evaluate(b(tampered))).as(tampered).isInstanceOf(SaslStep.Failure.class);
    }
    assertThat(failure(server.start("SCRAM-SHA-1").orElseThrow().evaluate(b("n,,n=busy,r=C"))))
        .isEqualTo(SaslFailure.TEMPORARY_FAILURE);
    assertThat(failure(SaslServer.<String>builder().scram(lookup).maxResponse(64).build().start("SCRAM-SHA-1")
        .orElseThrow().evaluate(b("n,,n=alice,r=" + "C".repeat(64))))).isEqualTo(SaslFailure.MALFORMED);
  }

  @Test
  void storedFormOfRfc5803RoundTripsAndStillAuthenticates() throws Exception {
    user("user", "pencil", "QSXCR+Q6sek8bf92", 4096);
    String stored = sha1.get("user").encode(ScramAlgorithm.SHA_1);
    assertThat(stored).startsWith("SCRAM-SHA-1$4096:QSXCR+Q6sek8bf92$");
    sha1.put("user", ScramCredential.decode(ScramAlgorithm.SHA_1, stored, "account:user"));
    SaslExchange<String> x = server("3rfcNHYJY1ZVvWVs7j").start("SCRAM-SHA-1").orElseThrow();
    x.evaluate(b("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL"));
    assertThat(x.evaluate(b("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=")))
        .isInstanceOf(SaslStep.Success.class);
    for (String bad : new String[] {stored.replace("SCRAM-SHA-1", "SCRAM-SHA-256"), "SCRAM-SHA-1$0:QQ==$QQ==:QQ==",
        "SCRAM-SHA-1$4096:QSXCR+Q6sek8bf92$QQ==:QQ==", "SCRAM-SHA-1$4096:QSXCR+Q6sek8bf92", "garbage"}) {
      assertThatThrownBy(() -> ScramCredential.decode(ScramAlgorithm.SHA_1, bad, "a"))
          .as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void normalizeMapsSpacesAndSoftHyphensThenNfkc() {
    assertThat(ScramCredential.normalize("I\u00ADX")).isEqualTo("IX");
    assertThat(ScramCredential.normalize("a\u00A0b")).isEqualTo("a b");
    assertThat(ScramCredential.normalize("\u2168")).isEqualTo("IX");
    assertThat(ScramCredential.normalize("pencil")).isEqualTo("pencil");
  }
}
