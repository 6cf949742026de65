package org.minternet.core.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The hash functions of the SCRAM family (RFC 5802 section 2.2, RFC 7677). */
public enum ScramAlgorithm {
  SHA_1("SCRAM-SHA-1", "HmacSHA1", "SHA-1"),
  SHA_256("SCRAM-SHA-256", "HmacSHA256", "SHA-256");

  /** Strongest first, the order a server advertises them in. */
  static final List<ScramAlgorithm> PREFERENCE = List.of(SHA_256, SHA_1);

  private final String mechanism;
  private final String hmac;
  private final String digest;

  ScramAlgorithm(String mechanism, String hmac, String digest) {
    this.mechanism = mechanism;
    this.hmac = hmac;
    this.digest = digest;
  }

  /** The mechanism name without {@code -PLUS}. */
  public String mechanism() {
    return mechanism;
  }

  static ScramAlgorithm forMechanism(String name) {
    for (ScramAlgorithm a : values()) if (a.mechanism.equals(name)) return a;
    throw new IllegalArgumentException("not a SCRAM mechanism: " + name);
  }

  /** HMAC(key, data). */
  byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(hmac);
      mac.init(key(key));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(hmac + " is part of every Java platform", e);
    }
  }

  byte[] hmac(byte[] key, String data) {
    return hmac(key, data.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * SecretKeySpec refuses an empty key, which HMAC allows; HMAC pads its key with zeros to the
   * block size, so one zero octet is the same key.
   */
  private SecretKeySpec key(byte[] k) {
    return new SecretKeySpec(k.length == 0 ? new byte[1] : k, hmac);
  }

  /** H(data). */
  byte[] hash(byte[] data) {
    try {
      return MessageDigest.getInstance(digest).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(digest + " is part of every Java platform", e);
    }
  }

  /** Hi(str, salt, i): PBKDF2 with this HMAC, one block (RFC 5802 section 2.2). */
  byte[] hi(byte[] str, byte[] salt, int iterations) {
    try {
      Mac mac = Mac.getInstance(hmac);
      mac.init(key(str));
      mac.update(salt);
      mac.update(new byte[] {0, 0, 0, 1});
      byte[] u = mac.doFinal();
      byte[] result = u.clone();
      for (int i = 1; i < iterations; i++) {
        u = mac.doFinal(u);
        for (int k = 0; k < result.length; k++) result[k] ^= u[k];
      }
      return result;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(hmac + " is part of every Java platform", e);
    }
  }
}
