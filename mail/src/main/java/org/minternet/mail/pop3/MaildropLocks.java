package org.minternet.mail.pop3;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive-access lock of RFC 1939 §8: one POP3 session per maildrop at a time (a second
 * gets {@code -ERR [IN-USE]}, RFC 2449 §8.1.1). Held in memory by the server, so it covers the
 * sessions of one process.
 */
final class MaildropLocks {
  private final Set<Long> held = ConcurrentHashMap.newKeySet();

  boolean tryLock(long userId) {
    return held.add(userId);
  }

  boolean isLocked(long userId) {
    return held.contains(userId);
  }

  void unlock(long userId) {
    held.remove(userId);
  }
}
