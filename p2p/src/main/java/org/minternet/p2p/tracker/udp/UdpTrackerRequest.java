package org.minternet.p2p.tracker.udp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A BEP 15 request datagram, parsed at the edge. Layouts (big-endian):
 *
 * <pre>
 * connect   int64 protocol_id 0x41727101980, int32 action 0, int32 transaction_id        16 bytes
 * announce  int64 connection_id, int32 action 1, int32 transaction_id, info_hash[20],
 *           peer_id[20], int64 downloaded, int64 left, int64 uploaded, int32 event,
 *           uint32 ip, uint32 key, int32 num_want, uint16 port                            98 bytes
 * scrape    int64 connection_id, int32 action 2, int32 transaction_id, info_hash[20] × n   16 + 20n
 * </pre>
 *
 * Bytes after an announce's 98 are BEP 41 options (ignored here); a scrape of more than
 * {@link #MAX_SCRAPE_HASHES} hashes is refused, as is any datagram of another size or action.
 */
sealed interface UdpTrackerRequest {
  long PROTOCOL_ID = 0x41727101980L;
  int CONNECT = 0;
  int ANNOUNCE = 1;
  int SCRAPE = 2;
  int ERROR = 3;
  int ANNOUNCE_LENGTH = 98;
  /** BEP 15: "up to about 74 torrents can be scraped at once" in one reply of a 1500-byte MTU. */
  int MAX_SCRAPE_HASHES = 74;

  int transactionId();

  record Connect(int transactionId) implements UdpTrackerRequest {}

  record Announce(long connectionId, int transactionId, byte[] infoHash, byte[] peerId, long downloaded, long left,
      long uploaded, int event, int ip, int key, int numWant, int port) implements UdpTrackerRequest {}

  record Scrape(long connectionId, int transactionId, List<byte[]> infoHashes) implements UdpTrackerRequest {}

  /** The request, or empty for a datagram that is none (dropped without an answer). */
  static Optional<UdpTrackerRequest> parse(byte[] data, int length) {
    if (length < 16) return Optional.empty();
    ByteBuffer b = ByteBuffer.wrap(data, 0, length);
    long first = b.getLong();
    int action = b.getInt();
    int tid = b.getInt();
    switch (action) {
      case CONNECT -> {
        if (first != PROTOCOL_ID || length != 16) return Optional.empty();
        return Optional.of(new Connect(tid));
      }
      case ANNOUNCE -> {
        if (length < ANNOUNCE_LENGTH) return Optional.empty();
        byte[] hash = new byte[20];
        byte[] peer = new byte[20];
        b.get(hash).get(peer);
        long downloaded = b.getLong();
        long left = b.getLong();
        long uploaded = b.getLong();
        int event = b.getInt();
        int ip = b.getInt();
        int key = b.getInt();
        int numWant = b.getInt();
        int port = Short.toUnsignedInt(b.getShort());
        return Optional.of(new Announce(first, tid, hash, peer, downloaded, left, uploaded, event, ip, key, numWant, port));
      }
      case SCRAPE -> {
        int n = (length - 16) / 20;
        if ((length - 16) % 20 != 0 || n < 1 || n > MAX_SCRAPE_HASHES) return Optional.empty();
        List<byte[]> hashes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          byte[] h = new byte[20];
          b.get(h);
          hashes.add(h);
        }
        return Optional.of(new Scrape(first, tid, hashes));
      }
      default -> {
        return Optional.empty();
      }
    }
  }
}
