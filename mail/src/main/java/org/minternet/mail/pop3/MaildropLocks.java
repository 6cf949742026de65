package org.minternet.mail.pop3;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive-access lock of RFC 1939 §8: one POP3 session per maildrop at a time (a second
 * gets {@code -ERR [IN-USE]}, RFC 2449 §8.1.1). Each lock remembers its session, so a session can
 * only release its own. Held in memory by the server, so it covers the sessions of one process.
 */
final class MaildropLocks {
  private final Map<Long, Object> held = new ConcurrentHashMap<>();

  boolean tryLock(long userId, Object owner) {
    return held.putIfAbsent(userId, owner) == null;
  }

  boolean isLocked(long userId) {
    return held.containsKey(userId);
  }

  void unlock(long userId, Object owner) {
    held.remove(userId, owner);
  }
}
