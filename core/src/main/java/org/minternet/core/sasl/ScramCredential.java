package org.minternet.core.sasl;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Objects;

/**
 * What a server stores for one user and one SCRAM hash (RFC 5802 section 3): the salt, the
 * iteration count, {@code StoredKey = H(ClientKey)} and {@code ServerKey}, never the password.
 * {@code account} is what a successful exchange hands back to the protocol.
 */
public record ScramCredential<U>(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey, U account) {
  /** RFC 7677 section 4: at least 4096 iterations for SCRAM-SHA-256. */
  public static final int DEFAULT_ITERATIONS = 4096;

  public ScramCredential {
    salt = salt.clone();
    storedKey = storedKey.clone();
    serverKey = serverKey.clone();
    if (salt.length == 0) throw new IllegalArgumentException("empty salt");
    if (iterations < 1) throw new IllegalArgumentException("iterations " + iterations);
  }

  /**
   * Derives the stored keys from a password (when an account is created or its password set):
   * {@code SaltedPassword = Hi(Normalize(password), salt, i)}, {@code ClientKey =
   * HMAC(SaltedPassword, "Client Key")}, {@code StoredKey = H(ClientKey)}, {@code ServerKey =
   * HMAC(SaltedPassword, "Server Key")}.
   */
  public static <U> ScramCredential<U> derive(ScramAlgorithm algorithm, String password, byte[] salt,
      int iterations, U account) {
    byte[] salted = algorithm.hi(normalize(password).getBytes(StandardCharsets.UTF_8), salt, iterations);
    byte[] clientKey = algorithm.hmac(salted, "Client Key");
    return new ScramCredential<>(salt, iterations, algorithm.hash(clientKey), algorithm.hmac(salted, "Server Key"),
        account);
  }

  /**
   * The stored form of RFC 5803 section 3 (as PostgreSQL keeps SCRAM verifiers too):
   * {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}, each value in base64.
   */
  public String encode(ScramAlgorithm algorithm) {
    Base64.Encoder b64 = Base64.getEncoder();
    return algorithm.mechanism() + "$" + iterations + ":" + b64.encodeToString(salt) + "$"
        + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
  }

  /**
   * Reads {@link #encode}'s form for {@code algorithm}.
   *
   * @throws IllegalArgumentException when {@code stored} is not such a value for this algorithm
   */
  public static <U> ScramCredential<U> decode(ScramAlgorithm algorithm, String stored, U account) {
    String prefix = algorithm.mechanism() + "$";
    String[] parts = stored.startsWith(prefix) ? stored.substring(prefix.length()).split("[$:]", -1) : new String[0];
    if (parts.length != 4 || !parts[0].matches("[1-9][0-9]{0,8}")) {
      throw new IllegalArgumentException("not a stored " + algorithm.mechanism() + " credential");
    }
    Base64.Decoder b64 = Base64.getDecoder();
    byte[] storedKey = b64.decode(parts[2]);
    byte[] serverKey = b64.decode(parts[3]);
    int length = algorithm.hash(new byte[0]).length;
    if (storedKey.length != length || serverKey.length != length) {
      throw new IllegalArgumentException("not a stored " + algorithm.mechanism() + " credential: key length");
    }
    return new ScramCredential<>(b64.decode(parts[1]), Integer.parseInt(parts[0]), storedKey, serverKey, account);
  }

  /**
   * Normalize() of RFC 5802 section 2.2, as SASLprep (RFC 4013) maps and normalizes: non-ASCII
   * spaces become U+0020, characters "commonly mapped to nothing" (RFC 3454 table B.1) are
   * removed, then NFKC. SASLprep's prohibition and bidi checks are not applied: a password is
   * compared, never displayed.
   */
  static String normalize(String s) {
    Objects.requireNonNull(s);
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> {
      if (isMappedToNothing(c)) return;
      b.appendCodePoint(Character.isSpaceChar(c) && c != ' ' ? ' ' : c);
    });
    return Normalizer.normalize(b, Normalizer.Form.NFKC);
  }

  private static boolean isMappedToNothing(int c) {
    return c == 0x00AD || c == 0x034F || c == 0x1806 || c == 0x180B || c == 0x180C || c == 0x180D
        || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || (c >= 0xFE00 && c <= 0xFE0F)
        || c == 0xFEFF;
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] storedKey() {
    return storedKey.clone();
  }

  @Override
  public byte[] serverKey() {
    return serverKey.clone();
  }
}
