package org.minternet.p2p.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.minternet.p2p.tracker.Announce;
import org.minternet.p2p.tracker.AnnounceEvent;

class HttpTrackerQueryTest {
  /** 7b1360c432700c440128397b4941ebb1a9180d61, escaped as a client does (unreserved bytes as themselves). */
  private static final String HASH = "%7b%13%60%c42p%0cD%01%289%7bIA%eb%b1%a9%18%0da";
  private static final String QUERY = "info_hash=" + HASH + "&peer_id=-TR3000-abcdefghijkl&port=51413&uploaded=0"
      + "&downloaded=10&left=1024&numwant=80&key=1a2b&compact=1&supportcrypto=1&event=started";

  @Test
  void readsATransmissionAnnounce() throws Exception {
    InetAddress from = InetAddress.getByName("127.7.0.2");
    Announce a = HttpTrackerQuery.announce(QUERY, from, false);
    assertThat(HexFormat.of().formatHex(a.infoHash())).isEqualTo("7b1360c432700c440128397b4941ebb1a9180d61");
    assertThat(new String(a.peerId(), StandardCharsets.US_ASCII)).isEqualTo("-TR3000-abcdefghijkl");
    assertThat(a.peer()).isEqualTo(new InetSocketAddress(from, 51413));
    assertThat(a.left()).isEqualTo(1024);
    assertThat(a.downloaded()).isEqualTo(10);
    assertThat(a.numWant()).isEqualTo(80);
    assertThat(a.event()).isEqualTo(AnnounceEvent.STARTED);
  }

  @Test
  void theIpParameterIsIgnoredUnlessTrusted() throws Exception {
    InetAddress from = InetAddress.getByName("127.7.0.2");
    String q = QUERY + "&ip=10.9.8.7";
    assertThat(HttpTrackerQuery.announce(q, from, false).peer().getAddress()).isEqualTo(from);
    assertThat(HttpTrackerQuery.announce(q, from, true).peer().getAddress()).isEqualTo(InetAddress.getByName("10.9.8.7"));
    assertThatThrownBy(() -> HttpTrackerQuery.announce(QUERY + "&ip=victim.example", from, true))
        .hasMessage("invalid ip");
  }

  @Test
  void rejectsWhatItCannotUseWithItsOwnReason() throws Exception {
    InetAddress from = InetAddress.getLoopbackAddress();
    assertThatThrownBy(() -> HttpTrackerQuery.announce("peer_id=-TR3000-abcdefghijkl&port=1", from, false))
        .isInstanceOf(HttpTrackerQuery.BadQuery.class).hasMessage("missing info_hash");
    assertThatThrownBy(() -> HttpTrackerQuery.announce(QUERY.replace(HASH, "abc"), from, false)).hasMessage("invalid info_hash");
    assertThatThrownBy(() -> HttpTrackerQuery.announce(QUERY.replace("port=51413", "port=0"), from, false)).hasMessage("invalid port");
    assertThatThrownBy(() -> HttpTrackerQuery.announce(QUERY.replace("port=51413", "port=65536"), from, false)).hasMessage("invalid port");
    assertThatThrownBy(() -> HttpTrackerQuery.announce(QUERY.replace("left=1024", "left=-1"), from, false)).hasMessage("invalid left");
    assertThatThrownBy(() -> HttpTrackerQuery.announce(QUERY.replace("left=1024", "left=99999999999999999999"), from, false))
        .hasMessage("invalid left");
    assertThatThrownBy(() -> HttpTrackerQuery.announce(QUERY.replace("event=started", "event=paused"), from, false))
        .hasMessage("invalid event");
    assertThatThrownBy(() -> HttpTrackerQuery.announce(QUERY + "&x=%g1", from, false)).hasMessage("malformed %-escape");
    assertThatThrownBy(() -> HttpTrackerQuery.announce(QUERY + "&x=%4", from, false)).hasMessage("malformed %-escape");
    assertThatThrownBy(() -> HttpTrackerQuery.announce(QUERY + "&x=" + "a".repeat(5000), from, false)).hasMessage("request too long");
    assertThatThrownBy(() -> HttpTrackerQuery.announce(QUERY + "&x=1".repeat(100), from, false)).hasMessage("too many parameters");
  }

  @Test
  void readsTheHashesOfAScrape() throws Exception {
    assertThat(HttpTrackerQuery.scrape("info_hash=" + HASH + "&info_hash=" + "%00".repeat(20)))
        .extracting(h -> HexFormat.of().formatHex(h))
        .containsExactly("7b1360c432700c440128397b4941ebb1a9180d61", "00".repeat(20));
    assertThat(HttpTrackerQuery.scrape(null)).isEmpty();
    assertThatThrownBy(() -> HttpTrackerQuery.scrape("info_hash=ab")).hasMessage("invalid info_hash");
    assertThatThrownBy(() -> HttpTrackerQuery.scrape(("info_hash=" + "%00".repeat(20) + "&").repeat(63)))
        .hasMessage("request too long");
    assertThatThrownBy(() -> HttpTrackerQuery.scrape(("info_hash=" + "a".repeat(20) + "&").repeat(75)))
        .hasMessage("too many info_hash");
  }
}
