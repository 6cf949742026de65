package org.minternet.mail.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers recent successful logins so that a client logging in again and again (a mail client
 * polling, a benchmark) does not pay the slow KDF each time — what Dovecot's auth_cache does.
 *
 * <p>Only successes are cached, so guessing stays as slow as the KDF. An entry holds a keyed
 * SHA-256 of the password under a random per-process key, is bound to the stored hash (a password
 * change invalidates it) and expires after {@link #TTL}. At most {@link #MAX_ENTRIES} entries.
 */
final class AuthCache {
  static final Duration TTL = Duration.ofMinutes(10);
  static final int MAX_ENTRIES = 10_000;

  private record Entry(String storedHash, byte[] digest, long expiresAt) {}

  private final byte[] key = new byte[32];
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  AuthCache() {
    new SecureRandom().nextBytes(key);
  }

  boolean matches(String user, String storedHash, String password) {
    Entry e = entries.get(user);
    if (e == null) return false;
    if (e.expiresAt < System.nanoTime() || !e.storedHash.equals(storedHash)) {
      entries.remove(user, e);
      return false;
    }
    return MessageDigest.isEqual(e.digest, digest(password));
  }

  void remember(String user, String storedHash, String password) {
    if (entries.size() >= MAX_ENTRIES) entries.clear();
    entries.put(user, new Entry(storedHash, digest(password), System.nanoTime() + TTL.toNanos()));
  }

  private byte[] digest(String password) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(key);
      return md.digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
