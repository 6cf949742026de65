package org.minternet.p2p.tracker;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tracker's state, in memory: per info hash, the peers that announced and when. Shared by
 * the HTTP and the UDP tracker.
 *
 * <p>A peer is keyed by its address and port (where it is reached), not by its peer id: another
 * client cannot replace a peer's entry by sending its id. A peer that has not announced for
 * {@link TrackerConfig#peerExpiry} is gone ({@link #expire}, and lazily at each announce to its
 * swarm). Replies carry peers of the announcing peer's address family, chosen at random,
 * at most {@link TrackerConfig#maxPeersPerReply}.
 */
public final class Swarms {
  private final TrackerConfig config;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Swarm> swarms = new HashMap<>();
  private int peerCount;

  private static final class Swarm {
    final LinkedHashMap<InetSocketAddress, PeerEntry> peers = new LinkedHashMap<>();
    int completed;
  }

  private static final class PeerEntry {
    Instant lastSeen;
    boolean seeder;

    PeerEntry(Instant lastSeen, boolean seeder) {
      this.lastSeen = lastSeen;
      this.seeder = seeder;
    }
  }

  public Swarms(TrackerConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config);
    this.clock = Objects.requireNonNull(clock);
  }

  public Swarms(TrackerConfig config) {
    this(config, Clock.systemUTC());
  }

  public TrackerConfig config() {
    return config;
  }

  /** Records the announce and returns the swarm's counts and some of its other peers. */
  public AnnounceReply announce(Announce a) throws TrackerRefusal {
    if (a.peer().getPort() == 0) throw new TrackerRefusal(TrackerRefusal.Reason.BAD_PORT);
    String key = HexFormat.of().formatHex(a.infoHash());
    if (config.whitelist().isPresent() && !config.whitelist().get().contains(key)) {
      throw new TrackerRefusal(TrackerRefusal.Reason.NOT_WHITELISTED);
    }
    Instant now = clock.instant();
    lock.lock();
    try {
      Swarm s = swarms.get(key);
      if (s == null) {
        if (a.event() == AnnounceEvent.STOPPED) return new AnnounceReply(0, 0, List.of());
        if (swarms.size() >= config.maxSwarms()) {
          expireLocked(now);
          if (swarms.size() >= config.maxSwarms()) throw new TrackerRefusal(TrackerRefusal.Reason.TOO_MANY_SWARMS);
        }
        s = new Swarm();
        swarms.put(key, s);
      }
      expire(s, now);
      PeerEntry self = s.peers.get(a.peer());
      if (a.event() == AnnounceEvent.STOPPED) {
        if (s.peers.remove(a.peer()) != null) peerCount--;
        return reply(s, a.peer(), 0);
      }
      boolean seeder = a.left() == 0;
      if (self == null) {
        if (s.peers.size() >= config.maxPeersPerSwarm()) throw new TrackerRefusal(TrackerRefusal.Reason.SWARM_FULL);
        if (peerCount >= config.maxPeers()) {
          expireLocked(now);
          if (peerCount >= config.maxPeers()) throw new TrackerRefusal(TrackerRefusal.Reason.TOO_MANY_PEERS);
          swarms.putIfAbsent(key, s);
        }
        s.peers.put(a.peer(), new PeerEntry(now, seeder));
        peerCount++;
        if (a.event() == AnnounceEvent.COMPLETED) s.completed++;
      } else {
        if (a.event() == AnnounceEvent.COMPLETED && !self.seeder) s.completed++;
        self.lastSeen = now;
        self.seeder = seeder;
      }
      int want = a.numWant() < 0 ? config.defaultPeersPerReply() : Math.min(a.numWant(), config.maxPeersPerReply());
      return reply(s, a.peer(), Math.min(want, config.maxPeersPerReply()));
    } finally {
      lock.unlock();
    }
  }

  private static AnnounceReply reply(Swarm s, InetSocketAddress self, int want) {
    int seeders = 0;
    List<InetSocketAddress> candidates = new ArrayList<>();
    boolean v4 = self.getAddress() instanceof Inet4Address;
    for (Map.Entry<InetSocketAddress, PeerEntry> e : s.peers.entrySet()) {
      if (e.getValue().seeder) seeders++;
      if (e.getKey().equals(self)) continue;
      if ((e.getKey().getAddress() instanceof Inet4Address) == v4) candidates.add(e.getKey());
    }
    // a partial Fisher-Yates shuffle: the first `want` are a uniform random sample
    ThreadLocalRandom r = ThreadLocalRandom.current();
    int n = Math.min(want, candidates.size());
    for (int i = 0; i < n; i++) {
      int j = i + r.nextInt(candidates.size() - i);
      InetSocketAddress t = candidates.get(i);
      candidates.set(i, candidates.get(j));
      candidates.set(j, t);
    }
    return new AnnounceReply(seeders, s.peers.size() - seeders, candidates.subList(0, n));
  }

  /** The counts of a swarm (zeros for an unknown one). */
  public ScrapeEntry scrape(byte[] infoHash) {
    String key = HexFormat.of().formatHex(infoHash);
    Instant now = clock.instant();
    lock.lock();
    try {
      Swarm s = swarms.get(key);
      if (s == null) return ScrapeEntry.EMPTY;
      expire(s, now);
      int seeders = 0;
      for (PeerEntry p : s.peers.values()) if (p.seeder) seeders++;
      return new ScrapeEntry(seeders, s.completed, s.peers.size() - seeders);
    } finally {
      lock.unlock();
    }
  }

  /** Peers in all swarms. */
  public int peerCount() {
    lock.lock();
    try {
      return peerCount;
    } finally {
      lock.unlock();
    }
  }

  /** Every swarm's counts, by info hash in hex (for the statistics page and full scrapes). */
  public Map<String, ScrapeEntry> all() {
    lock.lock();
    try {
      Map<String, ScrapeEntry> out = new LinkedHashMap<>();
      for (String k : swarms.keySet()) out.put(k, null);
      for (String k : out.keySet()) out.put(k, scrape(HexFormat.of().parseHex(k)));
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Drops peers that stopped announcing, and swarms left with no peer. */
  public void expire() {
    lock.lock();
    try {
      expireLocked(clock.instant());
    } finally {
      lock.unlock();
    }
  }

  private void expireLocked(Instant now) {
    for (Iterator<Swarm> it = swarms.values().iterator(); it.hasNext(); ) {
      Swarm s = it.next();
      expire(s, now);
      if (s.peers.isEmpty()) it.remove();
    }
  }

  private void expire(Swarm s, Instant now) {
    Instant cutoff = now.minus(config.peerExpiry());
    int before = s.peers.size();
    s.peers.values().removeIf(p -> p.lastSeen.isBefore(cutoff));
    peerCount -= before - s.peers.size();
  }
}
