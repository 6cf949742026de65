package org.minternet.p2p.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minternet.testing.ManualClock;

class SwarmsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T20:00:00Z"));
  private static final byte[] HASH = HexFormat.of().parseHex("7b1360c432700c440128397b4941ebb1a9180d61");

  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  private static byte[] id(int n) {
    byte[] b = new byte[20];
    Arrays.fill(b, (byte) n);
    return b;
  }

  private static Announce announce(InetSocketAddress peer, int idByte, long left, AnnounceEvent event, int numWant) {
    return new Announce(HASH, id(idByte), peer, 0, 0, left, event, numWant);
  }

  @Test
  void aPeerGetsTheOthersButNeverItself() throws Exception {
    Swarms s = new Swarms(TrackerConfig.DEFAULT, clock);
    AnnounceReply first = s.announce(announce(at("127.7.0.1", 6881), 1, 0, AnnounceEvent.STARTED, -1));
    assertThat(first.peers()).isEmpty();
    assertThat(first.seeders()).isEqualTo(1);
    AnnounceReply second = s.announce(announce(at("127.7.0.2", 6881), 2, 100, AnnounceEvent.STARTED, -1));
    assertThat(second.peers()).containsExactly(at("127.7.0.1", 6881));
    assertThat(second.seeders()).isEqualTo(1);
    assertThat(second.leechers()).isEqualTo(1);
    assertThat(s.scrape(HASH)).isEqualTo(new ScrapeEntry(1, 0, 1));
  }

  @Test
  void repliesAreBoundedWhateverNumwantAsks() throws Exception {
    Swarms s = new Swarms(TrackerConfig.DEFAULT.withLimits(5, 10, 100), clock);
    for (int i = 1; i <= 20; i++) s.announce(announce(at("127.7.0." + i, 6881), i, 1, AnnounceEvent.STARTED, 0));
    AnnounceReply r = s.announce(announce(at("127.7.1.1", 6881), 99, 1, AnnounceEvent.NONE, 1000));
    assertThat(r.peers()).hasSize(5).doesNotHaveDuplicates();
    assertThat(s.announce(announce(at("127.7.1.1", 6881), 99, 1, AnnounceEvent.NONE, 2)).peers()).hasSize(2);
    assertThat(s.announce(announce(at("127.7.1.1", 6881), 99, 1, AnnounceEvent.NONE, -1)).peers()).hasSize(5);
  }

  @Test
  void peersThatStopAnnouncingExpire() throws Exception {
    TrackerConfig c = TrackerConfig.DEFAULT.withInterval(Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofMinutes(65));
    Swarms s = new Swarms(c, clock);
    s.announce(announce(at("127.7.0.1", 6881), 1, 0, AnnounceEvent.STARTED, -1));
    clock.advance(Duration.ofMinutes(40));
    s.announce(announce(at("127.7.0.2", 6881), 2, 5, AnnounceEvent.STARTED, -1));
    clock.advance(Duration.ofMinutes(30));
    // the first has been silent for 70 minutes, the second for 30
    assertThat(s.scrape(HASH)).isEqualTo(new ScrapeEntry(0, 0, 1));
    clock.advance(Duration.ofMinutes(40));
    s.expire();
    assertThat(s.all()).isEmpty();
  }

  @Test
  void stoppedLeavesTheSwarmAndCompletedCountsOncePerPeer() throws Exception {
    Swarms s = new Swarms(TrackerConfig.DEFAULT, clock);
    InetSocketAddress p = at("127.7.0.1", 6881);
    s.announce(announce(p, 1, 10, AnnounceEvent.STARTED, -1));
    s.announce(announce(p, 1, 0, AnnounceEvent.COMPLETED, -1));
    s.announce(announce(p, 1, 0, AnnounceEvent.COMPLETED, -1));
    assertThat(s.scrape(HASH)).isEqualTo(new ScrapeEntry(1, 1, 0));
    s.announce(announce(p, 1, 0, AnnounceEvent.STOPPED, -1));
    assertThat(s.scrape(HASH)).isEqualTo(new ScrapeEntry(0, 1, 0));
  }

  @Test
  void anotherClientSendingAPeersIdCannotReplaceItsAddress() throws Exception {
    Swarms s = new Swarms(TrackerConfig.DEFAULT, clock);
    s.announce(announce(at("127.7.0.1", 6881), 1, 0, AnnounceEvent.STARTED, -1));
    s.announce(announce(at("127.9.9.9", 6881), 1, 0, AnnounceEvent.STOPPED, -1));
    assertThat(s.announce(announce(at("127.7.0.3", 6881), 3, 5, AnnounceEvent.STARTED, -1)).peers())
        .containsExactly(at("127.7.0.1", 6881));
  }

  @Test
  void allSwarmsTogetherHoldAtMostMaxPeers() throws Exception {
    Swarms s = new Swarms(TrackerConfig.DEFAULT.withMaxPeers(2), clock);
    s.announce(announce(at("127.7.0.1", 1), 1, 0, AnnounceEvent.STARTED, -1));
    s.announce(new Announce(new byte[20], id(2), at("127.7.0.2", 1), 0, 0, 0, AnnounceEvent.STARTED, -1));
    assertThatThrownBy(() -> s.announce(announce(at("127.7.0.3", 1), 3, 0, AnnounceEvent.STARTED, -1)))
        .isInstanceOf(TrackerRefusal.class).hasMessage("tracker is full");
    s.announce(announce(at("127.7.0.1", 1), 1, 0, AnnounceEvent.STOPPED, -1));
    assertThat(s.peerCount()).isEqualTo(1);
    s.announce(announce(at("127.7.0.3", 1), 3, 0, AnnounceEvent.STARTED, -1));
    clock.advance(Duration.ofMinutes(66));
    // both expired: room again, and the count follows
    assertThat(s.announce(announce(at("127.7.0.4", 1), 4, 0, AnnounceEvent.STARTED, -1)).peers()).isEmpty();
    s.announce(announce(at("127.7.0.5", 1), 5, 0, AnnounceEvent.STARTED, -1));
    assertThat(s.peerCount()).isEqualTo(2);
  }

  @Test
  void ipv4AndIpv6PeersAreGivenToTheirOwnFamily() throws Exception {
    Swarms s = new Swarms(TrackerConfig.DEFAULT, clock);
    s.announce(announce(at("127.7.0.1", 6881), 1, 0, AnnounceEvent.STARTED, -1));
    s.announce(announce(at("::1", 6882), 2, 0, AnnounceEvent.STARTED, -1));
    assertThat(s.announce(announce(at("127.7.0.2", 1), 3, 1, AnnounceEvent.STARTED, -1)).peers())
        .containsExactly(at("127.7.0.1", 6881));
    assertThat(s.announce(announce(at("::2", 1), 4, 1, AnnounceEvent.STARTED, -1)).peers())
        .containsExactly(at("::1", 6882));
  }

  @Test
  void limitsAndWhitelistRefuseWithTheirReason() throws Exception {
    Swarms white = new Swarms(TrackerConfig.DEFAULT.withWhitelist(Set.of("00".repeat(20))), clock);
    assertThatThrownBy(() -> white.announce(announce(at("127.7.0.1", 1), 1, 0, AnnounceEvent.STARTED, -1)))
        .isInstanceOf(TrackerRefusal.class).hasMessage("torrent not registered with this tracker");

    Swarms small = new Swarms(TrackerConfig.DEFAULT.withLimits(5, 1, 2), clock);
    small.announce(announce(at("127.7.0.1", 1), 1, 0, AnnounceEvent.STARTED, -1));
    small.announce(announce(at("127.7.0.2", 1), 2, 0, AnnounceEvent.STARTED, -1));
    assertThatThrownBy(() -> small.announce(announce(at("127.7.0.3", 1), 3, 0, AnnounceEvent.STARTED, -1)))
        .isInstanceOf(TrackerRefusal.class).hasMessage("swarm is full");
    assertThatThrownBy(() -> small.announce(new Announce(new byte[20], id(4), at("127.7.0.4", 1), 0, 0, 0,
        AnnounceEvent.STARTED, -1))).isInstanceOf(TrackerRefusal.class).hasMessage("tracker is full");
    assertThatThrownBy(() -> small.announce(announce(at("127.7.0.1", 0), 1, 0, AnnounceEvent.NONE, -1)))
        .isInstanceOf(TrackerRefusal.class).hasMessage("invalid port");
    Set<InetSocketAddress> seen = new HashSet<>(small.announce(announce(at("127.7.0.1", 1), 1, 0, AnnounceEvent.NONE, -1)).peers());
    assertThat(seen).containsExactly(at("127.7.0.2", 1));
  }
}
