package org.minternet.p2p.tracker;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What the tracker answers an accepted announce: the swarm's counts and some of its peers (never
 * the announcing peer itself).
 */
public record AnnounceReply(int seeders, int leechers, List<InetSocketAddress> peers) {
  public AnnounceReply {
    peers = List.copyOf(peers);
  }
}
