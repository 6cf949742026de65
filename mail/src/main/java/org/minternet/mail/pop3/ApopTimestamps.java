package org.minternet.mail.pop3;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The greeting timestamps of RFC 1939 §7, {@code <process-id.clock.nonce@hostname>}, different for
 * every connection: the clock is in microseconds and strictly increasing within the process, so
 * two greetings of one process never carry the same timestamp and an APOP digest cannot be
 * replayed; the random nonce keeps it so across processes and machines sharing one store (several
 * nodes on PostgreSQL can have the same process id and host name, in containers for instance).
 */
final class ApopTimestamps implements Supplier<String> {
  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicLong LAST = new AtomicLong();
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private final String hostname;

  ApopTimestamps(String hostname) {
    this.hostname = hostname;
  }

  @Override
  public String get() {
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    long clock = LAST.updateAndGet(last -> Math.max(last + 1, micros));
    String nonce = Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
    return "<" + PID + "." + clock + "." + nonce + "@" + hostname + ">";
  }
}
