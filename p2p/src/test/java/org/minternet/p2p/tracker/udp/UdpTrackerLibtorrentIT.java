package org.minternet.p2p.tracker.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.core.tap.Transcript;
import org.minternet.p2p.metainfo.Metainfo;
import org.minternet.p2p.metainfo.TorrentCreator;
import org.minternet.p2p.tracker.ScrapeEntry;
import org.minternet.p2p.tracker.Swarms;
import org.minternet.p2p.tracker.TrackerConfig;
import org.minternet.testing.ExternalTool;

/**
 * libtorrent (python3-libtorrent) as the client of our UDP tracker: a libtorrent seeder and a
 * libtorrent leecher find each other only through it, and the leecher completes the download.
 */
class UdpTrackerLibtorrentIT {
  @TempDir Path tmp;

  /** argv: torrent, seed dir, leech dir. Prints "done <peers from tracker>" once the leecher has it all. */
  private static final String SWARM = """
      import libtorrent as lt, sys, time
      torrent, seed_dir, leech_dir = sys.argv[1], sys.argv[2], sys.argv[3]
      def session():
          s = lt.session({"listen_interfaces": "127.0.0.1:0", "enable_dht": False, "enable_lsd": False,
                          "enable_upnp": False, "enable_natpmp": False, "allow_multiple_connections_per_ip": True,
                          "alert_mask": lt.alert.category_t.tracker_notification | lt.alert.category_t.status_notification})
          return s
      seed, leech = session(), session()
      hs = seed.add_torrent({"ti": lt.torrent_info(torrent), "save_path": seed_dir})
      deadline = time.time() + 60
      while not hs.status().is_seeding and time.time() < deadline: time.sleep(0.1)
      time.sleep(0.5)
      hl = leech.add_torrent({"ti": lt.torrent_info(torrent), "save_path": leech_dir})
      peers = 0
      while time.time() < deadline:
          for a in leech.pop_alerts():
              if isinstance(a, lt.tracker_reply_alert): peers = max(peers, a.num_peers)
              if isinstance(a, lt.tracker_error_alert): print("tracker error", a.message())
          if hl.status().is_seeding: break
          time.sleep(0.1)
      print("done" if hl.status().is_seeding else "incomplete", peers, flush=True)
      """;

  @Test
  void libtorrentPeersFindEachOtherThroughOurUdpTracker() throws Exception {
    Path debian = Path.of("/usr/bin/python3");
    Optional<Path> python = Files.isExecutable(debian) ? Optional.of(debian) : ExternalTool.forTest("python3");
    assumeTrue(python.isPresent(), "python3 not installed");
    Process probe = new ProcessBuilder(python.get().toString(), "-c", "import libtorrent").start();
    boolean present = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    if (!present && ExternalTool.requiredByCi()) throw new IllegalStateException("python3-libtorrent is required under CI");
    assumeTrue(present, "python3-libtorrent not installed");

    Path seedDir = Files.createDirectories(tmp.resolve("seed"));
    Path leechDir = Files.createDirectories(tmp.resolve("leech"));
    byte[] video = new byte[1_500_000];
    new Random(15).nextBytes(video);
    Files.write(seedDir.resolve("video.bin"), video);
    Swarms swarms = new Swarms(TrackerConfig.DEFAULT);
    Transcript transcript = new Transcript(100);
    try (UdpTracker tracker = UdpTracker.builder(swarms).bind(InetAddress.getByName("127.0.0.1")).transcript(transcript).start()) {
      Metainfo m = TorrentCreator.builder(seedDir.resolve("video.bin"))
          .tracker("udp://127.0.0.1:" + tracker.port() + "/announce").build().create();
      Path torrent = Files.write(tmp.resolve("video.torrent"), m.encoded());
      Path script = Files.writeString(tmp.resolve("swarm.py"), SWARM);
      Process p = new ProcessBuilder(python.get().toString(), script.toString(), torrent.toString(),
          seedDir.toString(), leechDir.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(out).as(out + transcript.snapshot() + " received " + tracker.receivedDatagrams() + " dropped " + tracker.droppedDatagrams()).startsWith("done ");
      assertThat(Integer.parseInt(out.strip().split(" ")[1])).isGreaterThanOrEqualTo(1);
      assertThat(Files.readAllBytes(leechDir.resolve("video.bin"))).isEqualTo(video);
      ScrapeEntry e = swarms.scrape(m.infoHashV1().bytes());
      assertThat(e.seeders() + e.leechers()).isEqualTo(2);
    }
  }
}
