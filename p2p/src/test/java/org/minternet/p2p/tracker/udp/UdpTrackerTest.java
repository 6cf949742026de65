package org.minternet.p2p.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.minternet.p2p.tracker.Swarms;
import org.minternet.p2p.tracker.TrackerConfig;
import org.minternet.testing.ManualClock;

class UdpTrackerTest {
  private static final byte[] HASH = HexFormat.of().parseHex("7b1360c432700c440128397b4941ebb1a9180d61");
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T20:00:00Z"));

  private UdpTracker tracker(TrackerConfig config) {
    return UdpTracker.builder(new Swarms(config, clock)).clock(clock).unbound();
  }

  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  private static byte[] answer(UdpTracker t, byte[] datagram, InetSocketAddress from) {
    return t.handle(datagram, datagram.length, from);
  }

  private static long connect(UdpTracker t, InetSocketAddress from) {
    // protocol id 0x41727101980, action 0 connect, transaction 0x01020304
    byte[] reply = answer(t, hex("0000041727101980 00000000 01020304"), from);
    assertThat(reply).hasSize(16);
    assertThat(Arrays.copyOf(reply, 8)).isEqualTo(hex("00000000 01020304"));
    return ByteBuffer.wrap(reply, 8, 8).getLong();
  }

  private static byte[] announce(long connectionId, int event, long left, int port, int numWant) {
    ByteBuffer b = ByteBuffer.allocate(98);
    b.putLong(connectionId).putInt(1).putInt(0x0a0b0c0d).put(HASH);
    byte[] peerId = "-MT0001-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);
    b.put(peerId).putLong(0).putLong(left).putLong(0).putInt(event).putInt(0).putInt(42).putInt(numWant)
        .putShort((short) port);
    return b.array();
  }

  @Test
  void connectThenAnnounceGivesTheOtherPeersCompact() throws Exception {
    UdpTracker t = tracker(TrackerConfig.DEFAULT);
    InetSocketAddress seeder = at("127.7.0.1", 40000);
    byte[] r1 = answer(t, announce(connect(t, seeder), 2, 0, 6881, -1), seeder);
    // action 1, transaction, interval 1800, leechers 0, seeders 1, no peer
    assertThat(r1).isEqualTo(hex("00000001 0a0b0c0d 00000708 00000000 00000001"));

    InetSocketAddress leecher = at("127.7.0.2", 40001);
    byte[] r2 = answer(t, announce(connect(t, leecher), 2, 1000, 51413, 50), leecher);
    // the seeder at its source address 127.7.0.1 with the port it announced, 6881 (0x1ae1)
    assertThat(r2).isEqualTo(hex("00000001 0a0b0c0d 00000708 00000001 00000001 7f070001 1ae1"));
  }

  @Test
  void ipv6AnnouncesGetEighteenBytePeers() throws Exception {
    UdpTracker t = tracker(TrackerConfig.DEFAULT);
    InetSocketAddress a = at("::1", 40000);
    answer(t, announce(connect(t, a), 2, 0, 6881, -1), a);
    InetSocketAddress b = at("::2", 40000);
    byte[] r = answer(t, announce(connect(t, b), 2, 5, 6882, -1), b);
    assertThat(r).isEqualTo(hex("00000001 0a0b0c0d 00000708 00000001 00000001 00000000000000000000000000000001 1ae1"));
  }

  @Test
  void aForgedOrBorrowedConnectionIdGetsNoAnswer() throws Exception {
    UdpTracker t = tracker(TrackerConfig.DEFAULT);
    InetSocketAddress alice = at("127.7.0.1", 40000);
    long id = connect(t, alice);
    assertThat(answer(t, announce(id ^ 1, 2, 0, 6881, -1), alice)).isNull();
    assertThat(answer(t, announce(id, 2, 0, 6881, -1), at("127.7.0.9", 40000))).isNull();
    assertThat(answer(t, announce(id, 2, 0, 6881, -1), at("::ffff:127.7.0.2", 40000))).isNull();
    assertThat(t.droppedDatagrams()).isEqualTo(3);
    assertThat(answer(t, announce(id, 2, 0, 6881, -1), alice)).isNotNull();
  }

  /** Regression: IDs were bound to the port too, and libtorrent keeps one ID per tracker for all its sessions. */
  @Test
  void aConnectionIdIsAcceptedFromAnotherPortOfTheSameAddress() throws Exception {
    UdpTracker t = tracker(TrackerConfig.DEFAULT);
    long id = connect(t, at("127.7.0.1", 40000));
    assertThat(answer(t, announce(id, 2, 0, 6882, -1), at("127.7.0.1", 40001))).isNotNull();
  }

  @Test
  void aConnectionIdExpiresAfterItsWindowAndTheNext() throws Exception {
    UdpTracker t = tracker(TrackerConfig.DEFAULT);
    InetSocketAddress alice = at("127.7.0.1", 40000);
    long id = connect(t, alice);
    clock.advance(Duration.ofMinutes(2));
    assertThat(answer(t, announce(id, 0, 0, 6881, -1), alice)).isNotNull();
    clock.advance(Duration.ofMinutes(2));
    assertThat(answer(t, announce(id, 0, 0, 6881, -1), alice)).isNull();
  }

  @Test
  void scrapeGivesSeedersCompletedLeechersPerHash() throws Exception {
    UdpTracker t = tracker(TrackerConfig.DEFAULT);
    InetSocketAddress a = at("127.7.0.1", 40000);
    long id = connect(t, a);
    answer(t, announce(id, 1, 0, 6881, -1), a);
    byte[] scrape = ByteBuffer.allocate(56).putLong(id).putInt(2).putInt(7).put(HASH).put(new byte[20]).array();
    assertThat(answer(t, scrape, a)).isEqualTo(hex("00000002 00000007 00000001 00000001 00000000 00000000 00000000 00000000"));
  }

  @Test
  void aRefusedAnnounceIsAnErrorWithTheTrackersReason() throws Exception {
    UdpTracker t = tracker(TrackerConfig.DEFAULT.withWhitelist(Set.of("00".repeat(20))));
    InetSocketAddress a = at("127.7.0.1", 40000);
    byte[] r = answer(t, announce(connect(t, a), 2, 0, 6881, -1), a);
    assertThat(Arrays.copyOf(r, 8)).isEqualTo(hex("00000003 0a0b0c0d"));
    assertThat(new String(r, 8, r.length - 8, StandardCharsets.UTF_8)).isEqualTo("torrent not registered with this tracker");
    byte[] bad = answer(t, announce(connect(t, a), 9, 0, 6881, -1), a);
    assertThat(new String(bad, 8, bad.length - 8, StandardCharsets.UTF_8)).isEqualTo("invalid event");
  }

  @Test
  void datagramsThatAreNoRequestAreDropped() throws Exception {
    UdpTracker t = tracker(TrackerConfig.DEFAULT);
    InetSocketAddress a = at("127.7.0.1", 40000);
    long id = connect(t, a);
    assertThat(answer(t, new byte[0], a)).isNull();
    assertThat(answer(t, hex("0000041727101980 00000000"), a)).isNull();
    assertThat(answer(t, hex("0000041727101981 00000000 01020304"), a)).isNull(); // wrong protocol id
    assertThat(answer(t, hex("0000041727101980 00000000 01020304 00"), a)).isNull();
    assertThat(answer(t, Arrays.copyOf(announce(id, 2, 0, 6881, -1), 97), a)).isNull();
    assertThat(answer(t, ByteBuffer.allocate(16).putLong(id).putInt(7).putInt(1).array(), a)).isNull();
    assertThat(answer(t, ByteBuffer.allocate(16 + 75 * 20).putLong(id).putInt(2).putInt(1).array(), a)).isNull();
    assertThat(answer(t, ByteBuffer.allocate(16 + 21).putLong(id).putInt(2).putInt(1).array(), a)).isNull();
    assertThat(t.droppedDatagrams()).isEqualTo(8);
  }

  @Test
  void answersOverARealSocket() throws Exception {
    try (UdpTracker t = UdpTracker.builder(new Swarms(TrackerConfig.DEFAULT)).bind(InetAddress.getLoopbackAddress()).start();
         DatagramSocket client = new DatagramSocket()) {
      client.setSoTimeout(10_000);
      byte[] connect = hex("0000041727101980 00000000 01020304");
      client.send(new DatagramPacket(connect, connect.length, InetAddress.getLoopbackAddress(), t.port()));
      DatagramPacket reply = new DatagramPacket(new byte[100], 100);
      client.receive(reply);
      assertThat(reply.getLength()).isEqualTo(16);
      assertThat(Arrays.copyOf(reply.getData(), 8)).isEqualTo(hex("00000000 01020304"));
    }
  }
}
