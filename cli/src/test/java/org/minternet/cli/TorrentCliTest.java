package org.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.p2p.metainfo.Metainfo;

class TorrentCliTest {
  @RegisterExtension final Console console = new Console();
  @TempDir Path dir;

  private Path lecture() throws Exception {
    Path content = Files.createDirectories(dir.resolve("lecture/slides"));
    Files.write(content.resolve("ch2.pdf"), new byte[70_001]);
    Files.write(dir.resolve("lecture/video.bin"), new byte[300_000]);
    return dir.resolve("lecture");
  }

  @Test
  void createWritesATorrentThatShowDescribes() throws Exception {
    Path out = dir.resolve("lecture.torrent");
    assertThat(Main.execute("torrent", "create", lecture().toString(), "--tracker", "http://tracker.poly.edu/announce",
        "--tracker", "udp://tracker.poly.edu:6969", "--web-seed", "http://gaia.cs.umass.edu/lecture/",
        "--piece-length", "32k", "--private", "--no-date", "-o", out.toString())).isZero();
    Metainfo m = Metainfo.read(out);
    assertThat(m.info().pieceLength()).isEqualTo(32768);
    assertThat(m.info().privateTorrent()).isTrue();
    assertThat(m.creationDate()).isEmpty();
    assertThat(console.out()).startsWith("created " + out + ": lecture, 12 pieces of 32.00 KiB, 370.0 kB\n"
        + "  info hash v1: " + m.infoHashV1().hex() + "\n  magnet: magnet:?xt=urn:btih:" + m.infoHashV1().hex());

    console.clear();
    assertThat(Main.execute("torrent", "show", out.toString())).isZero();
    assertThat(console.out()).contains("  Name: lecture\n", "  Hash: " + m.infoHashV1().hex() + "\n",
        "  Piece Count: 12\n", "  Piece Size: 32.00 KiB\n", "  Total Size: 370.0 kB\n", "  Privacy: Private torrent\n",
        "  Tier #1\n  http://tracker.poly.edu/announce\n", "  Tier #2\n  udp://tracker.poly.edu:6969\n",
        "WEBSEEDS\n\n  http://gaia.cs.umass.edu/lecture/\n",
        "  lecture/slides/ch2.pdf (70.00 kB)\n", "  lecture/video.bin (300.0 kB)\n");
  }

  @Test
  void createHybridShowsBothHashesAndHidesPaddingFiles() throws Exception {
    Path out = dir.resolve("h.torrent");
    assertThat(Main.execute("torrent", "create", lecture().toString(), "--hybrid", "-o", out.toString())).isZero();
    Metainfo m = Metainfo.read(out);
    assertThat(m.info().hasV2()).isTrue();
    assertThat(m.info().files()).anyMatch(f -> f.padding());
    console.clear();
    assertThat(Main.execute("torrent", "show", out.toString())).isZero();
    assertThat(console.out()).contains("  Hash v1: " + m.infoHashV1().hex(), "  Hash v2: " + m.infoHashV2().hex())
        .doesNotContain(".pad");
  }

  @Test
  void v2AndHybridExcludeEachOther() throws Exception {
    assertThat(Main.execute("torrent", "create", lecture().toString(), "--v2", "--hybrid")).isEqualTo(Main.USAGE);
  }

  @Test
  void aV2PieceLengthThatIsNotAPowerOfTwoFailsWithAMessage() throws Exception {
    assertThat(Main.execute("torrent", "create", lecture().toString(), "--v2", "--piece-length", "20000",
        "-o", dir.resolve("x.torrent").toString())).isEqualTo(Main.FAILED);
    assertThat(console.err()).contains("power of two");
  }

  @Test
  void showReadsAMagnetLink() {
    assertThat(Main.execute("torrent", "show", "magnet:?xt=urn:btih:7b1360c432700c440128397b4941ebb1a9180d61"
        + "&dn=hello&tr=http%3A%2F%2Ftracker.poly.edu%2Fannounce&x.pe=127.7.0.2:6881")).isZero();
    assertThat(console.out()).contains("Name: hello\n", "  Hash v1: 7b1360c432700c440128397b4941ebb1a9180d61\n",
        "  Tier #1\n  http://tracker.poly.edu/announce\n", "PEERS\n\n  127.7.0.2:6881\n");
  }

  @Test
  void trackerAnswersBep15ConnectUntilStopped() throws Exception {
    String banner = console.serveUntil("(Ctrl-C stops)", "torrent", "tracker", "--udp-port", "0");
    Matcher m = Pattern.compile("torrent tracker on udp://127\\.0\\.0\\.1:(\\d+)/announce").matcher(banner);
    assertThat(m.find()).as(banner).isTrue();
    try (DatagramSocket client = new DatagramSocket()) {
      client.setSoTimeout(10_000);
      byte[] connect = ByteBuffer.allocate(16).putLong(0x41727101980L).putInt(0).putInt(77).array();
      client.send(new DatagramPacket(connect, 16, InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1))));
      DatagramPacket reply = new DatagramPacket(new byte[64], 64);
      client.receive(reply);
      assertThat(reply.getLength()).isEqualTo(16);
      assertThat(ByteBuffer.wrap(reply.getData()).getLong()).isEqualTo(77L);
    }
    assertThat(console.stop()).isZero();
  }

  @Test
  void trackerRefusesAWhitelistEntryThatIsNoHash() {
    assertThat(Main.execute("torrent", "tracker", "--udp-port", "0", "--whitelist", "abc")).isEqualTo(Main.FAILED);
    assertThat(console.err()).contains("--whitelist takes 40 hex digits");
  }

  @Test
  void showOfAFileThatIsNoTorrentFailsWithoutAStackTrace() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.torrent"), "d4:infoi1ee");
    assertThat(Main.execute("torrent", "show", bad.toString())).isEqualTo(Main.FAILED);
    assertThat(console.err()).isEqualTo("minternet: 'info' is not a dictionary\n");
  }
}
