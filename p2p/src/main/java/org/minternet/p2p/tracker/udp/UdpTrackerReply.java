package org.minternet.p2p.tracker.udp;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.minternet.p2p.tracker.AnnounceReply;
import org.minternet.p2p.tracker.ScrapeEntry;

/** BEP 15 reply datagrams. */
final class UdpTrackerReply {
  private UdpTrackerReply() {}

  /** action 0, transaction_id, connection_id. */
  static byte[] connect(int transactionId, long connectionId) {
    return ByteBuffer.allocate(16).putInt(UdpTrackerRequest.CONNECT).putInt(transactionId).putLong(connectionId).array();
  }

  /**
   * action 1, transaction_id, interval, leechers, seeders, then each peer as its address and
   * port: 6 bytes for IPv4, 18 for IPv6 (the family of the announce, BEP 15 "IPv6").
   */
  static byte[] announce(int transactionId, int intervalSeconds, AnnounceReply reply) {
    List<InetSocketAddress> peers = reply.peers();
    int each = peers.isEmpty() || peers.getFirst().getAddress() instanceof Inet4Address ? 6 : 18;
    ByteBuffer b = ByteBuffer.allocate(20 + each * peers.size());
    b.putInt(UdpTrackerRequest.ANNOUNCE).putInt(transactionId).putInt(intervalSeconds)
        .putInt(reply.leechers()).putInt(reply.seeders());
    for (InetSocketAddress p : peers) b.put(p.getAddress().getAddress()).putShort((short) p.getPort());
    return b.array();
  }

  /** action 2, transaction_id, then seeders, completed, leechers per hash asked. */
  static byte[] scrape(int transactionId, List<ScrapeEntry> entries) {
    ByteBuffer b = ByteBuffer.allocate(8 + 12 * entries.size());
    b.putInt(UdpTrackerRequest.SCRAPE).putInt(transactionId);
    for (ScrapeEntry e : entries) b.putInt(e.seeders()).putInt(e.completed()).putInt(e.leechers());
    return b.array();
  }

  /** action 3, transaction_id, message (the tracker's own words). */
  static byte[] error(int transactionId, String message) {
    byte[] m = message.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + m.length).putInt(UdpTrackerRequest.ERROR).putInt(transactionId).put(m).array();
  }
}
