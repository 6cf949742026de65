package org.minternet.p2p.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.testing.ExternalTool;

/**
 * Our torrents against mktorrent's, libtorrent's (python3-libtorrent) and transmission-show's:
 * the same content and piece length give the same info hashes, and each tool reads what we make.
 */
class MetainfoToolsIT {
  @TempDir Path tmp;
  Path content;

  /** libtorrent makes a torrent of argv[1] (v1, v2 or hybrid, piece size argv[3]) and prints its hashes. */
  private static final String LIBTORRENT_CREATE = """
      import libtorrent as lt, sys, os
      path, mode, size, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
      fs = lt.file_storage()
      lt.add_files(fs, path)
      flags = {"v1": lt.create_torrent.v1_only, "v2": lt.create_torrent.v2_only, "hybrid": 0}[mode]
      t = lt.create_torrent(fs, size, flags=flags)
      t.add_tracker("http://tracker.poly.edu/announce")
      lt.set_piece_hashes(t, os.path.dirname(os.path.abspath(path)))
      open(out, "wb").write(lt.bencode(t.generate()))
      """;

  /** libtorrent reads the torrent argv[1] and prints its hashes, piece count and files. */
  private static final String LIBTORRENT_READ = """
      import libtorrent as lt, sys
      ti = lt.torrent_info(sys.argv[1])
      h = ti.info_hashes()
      print("v1", h.v1.to_bytes().hex() if h.has_v1() else "-")
      print("v2", h.v2.to_bytes().hex() if h.has_v2() else "-")
      print("pieces", ti.num_pieces(), ti.piece_length())
      fs = ti.files()
      for i in range(fs.num_files()):
          print("file", fs.file_path(i), fs.file_size(i))
      """;

  @BeforeEach
  void content() throws IOException {
    content = Files.createDirectories(tmp.resolve("lecture"));
    Random r = new Random(13);
    write(content.resolve("video.bin"), r, 300_000);
    write(Files.createDirectories(content.resolve("slides")).resolve("ch2.pdf"), r, 70_001);
    write(content.resolve("slides/empty"), r, 0);
    write(content.resolve("z.txt"), r, 5);
  }

  private static void write(Path p, Random r, int n) throws IOException {
    byte[] b = new byte[n];
    r.nextBytes(b);
    Files.write(p, b);
  }

  /** Debian's python3 (the one python3-libtorrent installs into), else the first on the PATH. */
  private static Optional<Path> libtorrentPython() throws Exception {
    Path debian = Path.of("/usr/bin/python3");
    Optional<Path> python = Files.isExecutable(debian) ? Optional.of(debian) : ExternalTool.forTest("python3");
    if (python.isEmpty()) return python;
    boolean present = run(List.of(python.get().toString(), "-c", "import libtorrent")).exit == 0;
    if (!present && ExternalTool.requiredByCi()) throw new IllegalStateException("python3-libtorrent is required under CI");
    return present ? python : Optional.empty();
  }

  private record Result(int exit, String out) {}

  private static Result run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private Result python(Path python, String script, String... args) throws Exception {
    Path s = tmp.resolve("script" + script.hashCode() + ".py");
    Files.writeString(s, script);
    List<String> cmd = new ArrayList<>(List.of(python.toString(), s.toString()));
    cmd.addAll(List.of(args));
    Result r = run(cmd);
    assertThat(r.exit).as(r.out).isZero();
    return r;
  }

  private Metainfo ours(TorrentVersion version, long pieceLength, Path what) throws IOException {
    return TorrentCreator.builder(what).version(version).pieceLength(pieceLength)
        .tracker("http://tracker.poly.edu/announce").build().create();
  }

  private Path save(Metainfo m, String name) throws IOException {
    return Files.write(tmp.resolve(name), m.encoded());
  }

  @Test
  void mktorrentsInfoHashIsOursForTheSameContent() throws Exception {
    Optional<Path> mktorrent = ExternalTool.forTest("mktorrent");
    assumeTrue(mktorrent.isPresent(), "mktorrent not installed");
    for (boolean isPrivate : new boolean[] {false, true}) {
      Path out = tmp.resolve("mk" + isPrivate + ".torrent");
      List<String> cmd = new ArrayList<>(List.of(mktorrent.get().toString(), "-l", "15", "-a", "http://tracker.poly.edu/announce",
          "-a", "udp://tracker.poly.edu:6969", "-w", "http://gaia.cs.umass.edu/lecture/", "-o", out.toString()));
      if (isPrivate) cmd.add("-p");
      cmd.add(content.toString());
      Result r = run(cmd);
      assertThat(r.exit).as(r.out).isZero();
      Metainfo theirs = Metainfo.read(out);
      Metainfo mine = TorrentCreator.builder(content).pieceLength(1 << 15).privateTorrent(isPrivate)
          .tracker("http://tracker.poly.edu/announce").tracker("udp://tracker.poly.edu:6969")
          .webSeed("http://gaia.cs.umass.edu/lecture/").build().create();
      assertThat(mine.infoHashV1()).isEqualTo(theirs.infoHashV1());
      assertThat(theirs.info().privateTorrent()).isEqualTo(isPrivate);
      assertThat(theirs.trackerTiers()).isEqualTo(mine.trackerTiers())
          .isEqualTo(List.of(List.of("http://tracker.poly.edu/announce"), List.of("udp://tracker.poly.edu:6969")));
      assertThat(theirs.webSeeds()).containsExactly("http://gaia.cs.umass.edu/lecture/");
      assertThat(theirs.createdBy()).hasValueSatisfying(c -> assertThat(c).startsWith("mktorrent"));
    }
  }

  @Test
  void mktorrentsSingleFileTorrentHasOurHash() throws Exception {
    Optional<Path> mktorrent = ExternalTool.forTest("mktorrent");
    assumeTrue(mktorrent.isPresent(), "mktorrent not installed");
    Path file = content.resolve("video.bin");
    Path out = tmp.resolve("single.torrent");
    Result r = run(List.of(mktorrent.get().toString(), "-l", "16", "-a", "http://t/a", "-o", out.toString(), file.toString()));
    assertThat(r.exit).as(r.out).isZero();
    Metainfo theirs = Metainfo.read(out);
    assertThat(theirs.info().singleFile()).isTrue();
    assertThat(ours(TorrentVersion.V1, 1 << 16, file).infoHashV1()).isEqualTo(theirs.infoHashV1());
  }

  /**
   * libtorrent 2.0 lists a directory's files in the order the file system returns them for a
   * v1 torrent (mktorrent's sorted order is compared above), and in the BEP 52 tree's order for
   * v2 and hybrid torrents: a directory is compared for those, a single file for all three.
   */
  @Test
  void libtorrentMakesTheSameV1V2AndHybridTorrentsAsWe() throws Exception {
    Optional<Path> python = libtorrentPython();
    assumeTrue(python.isPresent(), "python3-libtorrent not installed");
    for (TorrentVersion v : TorrentVersion.values()) {
      List<Path> contents = v == TorrentVersion.V1 ? List.of(content.resolve("video.bin"))
          : List.of(content, content.resolve("video.bin"), content.resolve("slides"));
      for (Path what : contents) {
        String mode = v.name().toLowerCase();
        Path out = tmp.resolve("lt-" + mode + ".torrent");
        python(python.get(), LIBTORRENT_CREATE, what.toString(), mode, Integer.toString(1 << 15), out.toString());
        Metainfo theirs = Metainfo.read(out);
        Metainfo mine = ours(v, 1 << 15, what);
        assertThat(mine.infoHashes()).as(v + " " + what).isEqualTo(theirs.infoHashes());
        assertThat(mine.info().files()).as(v + " " + what).isEqualTo(theirs.info().files());
      }
    }
  }

  @Test
  void libtorrentReadsOurTorrentsWithOurHashes() throws Exception {
    Optional<Path> python = libtorrentPython();
    assumeTrue(python.isPresent(), "python3-libtorrent not installed");
    for (TorrentVersion v : TorrentVersion.values()) {
      Metainfo mine = ours(v, 1 << 16, content);
      Result r = python(python.get(), LIBTORRENT_READ, save(mine, v + ".torrent").toString());
      String v1 = mine.info().hasV1() ? mine.infoHashV1().hex() : "-";
      String v2 = mine.info().hasV2() ? mine.infoHashV2().hex() : "-";
      assertThat(r.out).as(v.name()).startsWith("v1 " + v1 + "\nv2 " + v2 + "\npieces " + mine.info().pieceCount() + " 65536\n");
      assertThat(r.out).contains("file lecture/video.bin 300000\n", "file lecture/slides/ch2.pdf 70001\n");
    }
  }

  /** argv[1] a magnet link, argv[2] a torrent: libtorrent parses the link and writes the torrent's own link. */
  private static final String LIBTORRENT_MAGNET = """
      import libtorrent as lt, sys
      p = lt.parse_magnet_uri(sys.argv[1])
      h = p.info_hashes
      print("v1", h.v1.to_bytes().hex() if h.has_v1() else "-")
      print("v2", h.v2.to_bytes().hex() if h.has_v2() else "-")
      print("name", p.name)
      print("trackers", " ".join(p.trackers))
      print("link", lt.make_magnet_uri(lt.torrent_info(sys.argv[2])))
      """;

  @Test
  void libtorrentAndWeReadEachOthersMagnetLinks() throws Exception {
    Optional<Path> python = libtorrentPython();
    assumeTrue(python.isPresent(), "python3-libtorrent not installed");
    Metainfo mine = ours(TorrentVersion.HYBRID, 1 << 15, content);
    Result r = python(python.get(), LIBTORRENT_MAGNET, mine.magnetLink().toString(), save(mine, "m.torrent").toString());
    assertThat(r.out).contains("v1 " + mine.infoHashV1().hex() + "\n", "v2 " + mine.infoHashV2().hex() + "\n",
        "name lecture\n", "trackers http://tracker.poly.edu/announce\n");
    String theirs = r.out.lines().filter(l -> l.startsWith("link ")).findFirst().orElseThrow().substring(5);
    MagnetLink parsed = MagnetLink.parse(theirs);
    assertThat(parsed.v1()).contains(mine.infoHashV1());
    assertThat(parsed.v2()).contains(mine.infoHashV2());
    assertThat(parsed.displayName()).contains("lecture");
    assertThat(parsed.trackers()).containsExactly("http://tracker.poly.edu/announce");
  }

  @Test
  void transmissionShowShowsOurHashFilesAndPieces() throws Exception {
    Optional<Path> show = ExternalTool.forTest("transmission-show");
    assumeTrue(show.isPresent(), "transmission-cli not installed");
    Metainfo mine = TorrentCreator.builder(content).pieceLength(1 << 15).privateTorrent(true)
        .tracker("http://tracker.poly.edu/announce").build().create();
    Result r = run(List.of(show.get().toString(), save(mine, "ours.torrent").toString()));
    assertThat(r.exit).as(r.out).isZero();
    int pieces = (int) ((300_000 + 70_001 + 5 + (1 << 15) - 1) / (1 << 15));
    assertThat(r.out).contains("Name: lecture\n", "Hash: " + mine.infoHashV1().hex() + "\n",
        "Created by: Minternet\n", "Piece Count: " + pieces + "\n", "Piece Size: 32.00 KiB\n",
        "Privacy: Private torrent\n", "http://tracker.poly.edu/announce\n",
        "lecture/video.bin (300.0 kB)\n", "lecture/slides/ch2.pdf (70.00 kB)\n", "lecture/z.txt (0.01 kB)\n");
  }
}
