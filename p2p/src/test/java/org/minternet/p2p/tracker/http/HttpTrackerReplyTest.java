package org.minternet.p2p.tracker.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.minternet.p2p.bencode.BencodeString;
import org.minternet.p2p.tracker.AnnounceReply;
import org.minternet.p2p.tracker.ScrapeEntry;
import org.minternet.p2p.tracker.TrackerConfig;

class HttpTrackerReplyTest {
  private static String latin1(byte[] b) {
    return new String(b, ISO_8859_1);
  }

  @Test
  void anAnnounceReplyIsCompactWithIpv6PeersApart() throws Exception {
    AnnounceReply r = new AnnounceReply(2, 1, List.of(
        new InetSocketAddress(InetAddress.getByName("127.7.0.1"), 6881),
        new InetSocketAddress(InetAddress.getByName("::1"), 0x1ae2)));
    assertThat(latin1(HttpTrackerReply.announce(r, TrackerConfig.DEFAULT))).isEqualTo(
        "d8:completei2e10:incompletei1e8:intervali1800e12:min intervali60e"
            + "5:peers6:\u007f\u0007\u0000\u0001\u001a\u00e1"
            + "6:peers618:" + "\u0000".repeat(15) + "\u0001\u001a\u00e2e");
  }

  @Test
  void aScrapeReplyMapsRawHashesToCounts() {
    byte[] hash = new byte[20];
    hash[0] = (byte) 0xab;
    assertThat(latin1(HttpTrackerReply.scrape(Map.of(BencodeString.of(hash), new ScrapeEntry(3, 7, 1))))).isEqualTo(
        "d5:filesd20:\u00ab" + "\u0000".repeat(19) + "d8:completei3e10:downloadedi7e10:incompletei1eeee");
  }

  @Test
  void aFailureCarriesTheTrackersReason() {
    assertThat(latin1(HttpTrackerReply.failure("swarm is full"))).isEqualTo("d14:failure reason13:swarm is fulle");
  }
}
