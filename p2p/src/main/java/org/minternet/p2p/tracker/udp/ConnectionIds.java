package org.minternet.p2p.tracker.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * BEP 15 connection IDs that cannot be forged and need no state: the first 8 bytes of
 * HMAC-SHA256(secret, client address, time window). A client that spoofs its source address never
 * sees the ID sent to that address, so it cannot announce in a victim's name (BEP 15: "to prevent
 * spoofing"). The ID is bound to the address, not the port: clients keep one ID per tracker
 * for all their sockets (libtorrent caches it per tracker for the whole process). An ID is accepted in its window and the next one: 2 to 4
 * minutes with the default 2-minute window, covering BEP 15's "a client can use a connection ID
 * until one minute after it has received it".
 */
final class ConnectionIds {
  static final Duration DEFAULT_WINDOW = Duration.ofMinutes(2);

  private final SecretKeySpec key;
  private final Clock clock;
  private final long windowMillis;

  ConnectionIds(Clock clock, Duration window) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.clock = clock;
    this.windowMillis = window.toMillis();
  }

  long issue(InetSocketAddress client) {
    return id(client, window());
  }

  boolean valid(long id, InetSocketAddress client) {
    long w = window();
    return equal(id, id(client, w)) || equal(id, id(client, w - 1));
  }

  private long window() {
    return clock.millis() / windowMillis;
  }

  private static boolean equal(long a, long b) {
    return MessageDigest.isEqual(ByteBuffer.allocate(8).putLong(a).array(), ByteBuffer.allocate(8).putLong(b).array());
  }

  private long id(InetSocketAddress client, long window) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(client.getAddress().getAddress());
      mac.update(ByteBuffer.allocate(8).putLong(window).array());
      return ByteBuffer.wrap(mac.doFinal()).getLong();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }
}
