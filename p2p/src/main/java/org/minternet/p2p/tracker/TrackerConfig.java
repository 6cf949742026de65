package org.minternet.p2p.tracker;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a tracker allows and asks of its clients; every limit in one place.
 *
 * @param interval how often clients should announce (BEP 3 {@code interval})
 * @param minInterval the least time between a client's announces ({@code min interval})
 * @param peerExpiry a peer that has not announced for this long leaves the swarm
 * @param maxPeersPerReply the most peers in one reply, whatever {@code numwant} asks
 * @param defaultPeersPerReply peers given when the client asks for none in particular
 * @param maxSwarms info hashes tracked at once; announces for a new one beyond it are refused
 * @param maxPeersPerSwarm peers kept per swarm; a new peer beyond it is refused
 * @param maxPeers peers kept in all swarms together (what bounds the tracker's memory: about
 *     200 bytes a peer)
 * @param whitelist for a private tracker: the only info hashes (v1, or v2 truncated, 20 bytes
 *     hex) it tracks; empty tracks any
 * @param trustClientAddress take the client's {@code ip} field instead of the address the
 *     announce came from (only behind a proxy one trusts: otherwise anyone can put a victim's
 *     address into a swarm)
 */
public record TrackerConfig(Duration interval, Duration minInterval, Duration peerExpiry, int maxPeersPerReply,
    int defaultPeersPerReply, int maxSwarms, int maxPeersPerSwarm, int maxPeers, Optional<Set<String>> whitelist,
    boolean trustClientAddress) {

  public static final TrackerConfig DEFAULT = new TrackerConfig(Duration.ofMinutes(30), Duration.ofMinutes(1),
      Duration.ofMinutes(65), 200, 50, 100_000, 10_000, 500_000, Optional.empty(), false);

  public TrackerConfig {
    Objects.requireNonNull(interval);
    Objects.requireNonNull(minInterval);
    Objects.requireNonNull(peerExpiry);
    whitelist = whitelist.map(Set::copyOf);
    if (maxPeersPerReply < 1 || defaultPeersPerReply < 1 || maxSwarms < 1 || maxPeersPerSwarm < 1 || maxPeers < 1) {
      throw new IllegalArgumentException("tracker limits must be positive");
    }
    if (peerExpiry.compareTo(interval) <= 0) throw new IllegalArgumentException("peers must outlive the interval");
  }

  public TrackerConfig withInterval(Duration interval, Duration minInterval, Duration peerExpiry) {
    return new TrackerConfig(interval, minInterval, peerExpiry, maxPeersPerReply, defaultPeersPerReply, maxSwarms,
        maxPeersPerSwarm, maxPeers, whitelist, trustClientAddress);
  }

  public TrackerConfig withWhitelist(Set<String> hexHashes) {
    return new TrackerConfig(interval, minInterval, peerExpiry, maxPeersPerReply, defaultPeersPerReply, maxSwarms,
        maxPeersPerSwarm, maxPeers, Optional.of(hexHashes), trustClientAddress);
  }

  public TrackerConfig withLimits(int maxPeersPerReply, int maxSwarms, int maxPeersPerSwarm) {
    return new TrackerConfig(interval, minInterval, peerExpiry, maxPeersPerReply,
        Math.min(defaultPeersPerReply, maxPeersPerReply), maxSwarms, maxPeersPerSwarm, maxPeers, whitelist,
        trustClientAddress);
  }

  /** The same limits with at most {@code maxPeers} peers in all swarms together. */
  public TrackerConfig withMaxPeers(int maxPeers) {
    return new TrackerConfig(interval, minInterval, peerExpiry, maxPeersPerReply, defaultPeersPerReply, maxSwarms,
        maxPeersPerSwarm, maxPeers, whitelist, trustClientAddress);
  }
}
