package org.minternet.mail.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The APOP digest of RFC 1939 §7: MD5 of the server's greeting timestamp (angle brackets
 * included) followed by the shared secret, as 32 lower-case hexadecimal digits. The secret is
 * taken as UTF-8.
 */
public final class ApopDigest {
  /** Length of the digest in hexadecimal digits. */
  public static final int LENGTH = 32;

  private ApopDigest() {}

  public static String of(String timestamp, String secret) {
    return HexFormat.of().formatHex(md5(timestamp, secret));
  }

  /** Whether {@code digest} (hexadecimal, either case) is the digest of the pair, compared in constant time. */
  static boolean matches(String timestamp, String secret, String digest) {
    byte[] given;
    try {
      if (digest.length() != LENGTH) return false;
      given = HexFormat.of().parseHex(digest);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(md5(timestamp, secret), given);
  }

  private static byte[] md5(String timestamp, String secret) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      md.update(timestamp.getBytes(StandardCharsets.UTF_8));
      return md.digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 unavailable", e);
    }
  }
}
