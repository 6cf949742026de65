package org.minternet.mail.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing with PBKDF2-HMAC-SHA256 (RFC 8018 §5.2), a slow key derivation function from
 * the JDK. The stored form is {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (Base64), so the cost can
 * be raised later without invalidating existing hashes.
 */
public final class PasswordHasher {
  /** Default iteration count (OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256). */
  public static final int DEFAULT_ITERATIONS = 600_000;
  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  /** Upper bound on a stored iteration count, so a corrupt row cannot stall a login forever. */
  private static final int MAX_ITERATIONS = 10_000_000;

  private static final SecureRandom RANDOM = new SecureRandom();
  private final int iterations;

  public PasswordHasher(int iterations) {
    if (iterations < 1 || iterations > MAX_ITERATIONS) throw new IllegalArgumentException("iterations " + iterations);
    this.iterations = iterations;
  }

  public static PasswordHasher standard() {
    return new PasswordHasher(DEFAULT_ITERATIONS);
  }

  public String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] dk = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(dk);
  }

  /** Whether {@code password} matches {@code stored}; false for any malformed stored value. */
  public static boolean verify(String password, String stored) {
    if (stored == null || password == null) return false;
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) return false;
    try {
      int iter = Integer.parseInt(parts[1]);
      if (iter < 1 || iter > MAX_ITERATIONS) return false;
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      byte[] actual = derive(password, salt, iter);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
      try {
        return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
