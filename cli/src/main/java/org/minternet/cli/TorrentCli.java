package org.minternet.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.minternet.p2p.metainfo.Info;
import org.minternet.p2p.metainfo.MagnetLink;
import org.minternet.p2p.metainfo.Metainfo;
import org.minternet.p2p.metainfo.MetainfoException;
import org.minternet.p2p.metainfo.TorrentCreator;
import org.minternet.p2p.metainfo.TorrentFile;
import org.minternet.p2p.metainfo.TorrentVersion;
import org.minternet.p2p.tracker.Swarms;
import org.minternet.p2p.tracker.TrackerConfig;
import org.minternet.p2p.tracker.udp.UdpTracker;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code minternet torrent}: BitTorrent metainfo, made and shown. */
@Command(name = "torrent", mixinStandardHelpOptions = true,
    description = "BitTorrent: make a .torrent of a file or directory, show a .torrent or a magnet link.",
    subcommands = {TorrentCli.Create.class, TorrentCli.Show.class, TorrentCli.Tracker.class})
final class TorrentCli extends CommandGroup {
  @Command(name = "tracker", mixinStandardHelpOptions = true,
      description = "Run a BitTorrent tracker until stopped: the UDP tracker protocol (BEP 15), state in memory.",
      footer = {"", "Clients announce to udp://ADDR:PORT/announce; peers are taken from the address the announce comes from."})
  static final class Tracker implements Callable<Integer> {
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--udp-port", defaultValue = "6969", description = "UDP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int udpPort;

    @Option(names = "--interval", defaultValue = "30m", converter = DurationConverter.class, paramLabel = "DURATION",
        description = "How often clients announce (default: ${DEFAULT-VALUE}); peers silent for twice as long, plus 5 minutes, expire.")
    Duration interval;

    @Option(names = "--max-peers", defaultValue = "200", description = "Most peers in one reply (default: ${DEFAULT-VALUE}).")
    int maxPeers;

    @Option(names = "--whitelist", paramLabel = "HASH", split = ",",
        description = "A private tracker: track only these info hashes (40 hex digits; repeatable or comma-separated).")
    List<String> whitelist = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      TrackerConfig config = TrackerConfig.DEFAULT
          .withInterval(interval, Duration.ofSeconds(Math.min(60, interval.toSeconds())), interval.multipliedBy(2).plusMinutes(5))
          .withLimits(maxPeers, TrackerConfig.DEFAULT.maxSwarms(), TrackerConfig.DEFAULT.maxPeersPerSwarm());
      if (!whitelist.isEmpty()) {
        Set<String> hashes = new HashSet<>();
        for (String h : whitelist) {
          String hex = h.trim().toLowerCase(Locale.ROOT);
          if (!hex.matches("[0-9a-f]{40}")) throw new IllegalArgumentException("--whitelist takes 40 hex digits: " + h);
          hashes.add(hex);
        }
        config = config.withWhitelist(hashes);
      }
      UdpTracker tracker = UdpTracker.builder(new Swarms(config)).bind(InetAddress.getByName(bind)).port(udpPort).start();
      SocketsCommand.runUntilStopped(tracker, "torrent tracker on udp://" + tracker.endpoint().hostPort() + "/announce");
      return 0;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Hash a file or a directory into a .torrent (v1 like mktorrent; v2 or hybrid per BEP 52).",
      footer = {"", "Examples:", "  minternet torrent create lecture.mp4 --tracker http://tracker.poly.edu:6969/announce",
          "  minternet torrent create course/ --tracker udp://tracker.poly.edu:6969 --hybrid -o course.torrent"})
  static final class Create implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "The file or directory to share.")
    Path path;

    @Option(names = {"-t", "--tracker"}, paramLabel = "URL", description = "Announce URL; each one a tier of its own, in order (repeatable).")
    List<String> trackers = new ArrayList<>();

    @Option(names = {"-w", "--web-seed"}, paramLabel = "URL", description = "A web seed (BEP 19) serving the same files (repeatable).")
    List<String> webSeeds = new ArrayList<>();

    @Option(names = {"-l", "--piece-length"}, paramLabel = "SIZE", converter = SizeConverter.class,
        description = "Bytes per piece, e.g. 256k (default: from the total size, as mktorrent chooses: 32k up to 50 MiB, doubling as the size doubles).")
    Long pieceLength;

    @Option(names = {"-p", "--private"}, description = "Set the private flag (BEP 27): peers only from the trackers.")
    boolean privateTorrent;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where the .torrent goes (default: NAME.torrent here).")
    Path output;

    @Option(names = {"-n", "--name"}, description = "The torrent's name (default: the file or directory name).")
    String name;

    @Option(names = {"-c", "--comment"}, description = "A comment in the .torrent.")
    String comment;

    @Option(names = "--no-date", description = "Write no creation date (the same content then makes the same file).")
    boolean noDate;

    @ArgGroup(exclusive = true)
    Version version;

    static final class Version {
      @Option(names = "--v2", description = "A v2 torrent only (BEP 52: SHA-256 merkle trees).") boolean v2;
      @Option(names = "--hybrid", description = "A hybrid torrent: v1 and v2 in one, files aligned with padding files.") boolean hybrid;
    }

    @Override
    public Integer call() throws IOException {
      TorrentVersion v = version == null ? TorrentVersion.V1 : version.v2 ? TorrentVersion.V2 : TorrentVersion.HYBRID;
      TorrentCreator.Builder b = TorrentCreator.builder(path).version(v).privateTorrent(privateTorrent)
          .createdBy(createdBy()).comment(comment);
      if (noDate) b.creationDate(null);
      if (name != null) b.name(name);
      if (pieceLength != null) b.pieceLength(pieceLength);
      trackers.forEach(b::tracker);
      webSeeds.forEach(b::webSeed);
      ProgressBar bar = new ProgressBar(System.err, System.console() != null);
      Metainfo m;
      try {
        m = b.progress(bar::hashed).build().create();
      } catch (IllegalArgumentException e) {
        throw new IOException(e.getMessage(), e);
      } finally {
        bar.done();
      }
      Path out = output != null ? output : Path.of(m.info().name() + ".torrent");
      Files.write(out, m.encoded());
      Info info = m.info();
      System.out.println("created " + out + ": " + info.name() + ", " + info.pieceCount() + " pieces of "
          + Sizes.binary(info.pieceLength()) + ", " + Sizes.decimal(info.contentLength()));
      if (info.hasV1()) System.out.println("  info hash v1: " + m.infoHashV1().hex());
      if (info.hasV2()) System.out.println("  info hash v2: " + m.infoHashV2().hex());
      System.out.println("  magnet: " + m.magnetLink());
      return 0;
    }

    private static String createdBy() {
      String v = Main.class.getPackage().getImplementationVersion();
      return v == null ? "Minternet" : "Minternet " + v;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show a .torrent or a magnet link, as transmission-show does: name, hashes, trackers, pieces, files.")
  static final class Show implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE|MAGNET")
    String what;

    @Override
    public Integer call() throws IOException, MetainfoException {
      PrintStream out = System.out;
      if (MagnetLink.isMagnet(what)) {
        show(out, MagnetLink.parse(what));
      } else {
        show(out, Metainfo.read(Path.of(what)), what);
      }
      return 0;
    }

    private static final DateTimeFormatter CTIME =
        DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneId.systemDefault());

    static void show(PrintStream out, Metainfo m, String file) {
      Info info = m.info();
      out.println("Name: " + info.name());
      out.println("File: " + file);
      out.println();
      out.println("GENERAL");
      out.println();
      out.println("  Name: " + info.name());
      if (info.hasV1() && !info.hasV2()) out.println("  Hash: " + m.infoHashV1().hex());
      else {
        if (info.hasV1()) out.println("  Hash v1: " + m.infoHashV1().hex());
        out.println("  Hash v2: " + m.infoHashV2().hex());
      }
      m.createdBy().ifPresent(c -> out.println("  Created by: " + c));
      m.creationDate().ifPresent(d -> out.println("  Created on: " + CTIME.format(d)));
      m.comment().ifPresent(c -> out.println("  Comment: " + c));
      info.source().ifPresent(s -> out.println("  Source: " + s));
      out.println("  Piece Count: " + info.pieceCount());
      out.println("  Piece Size: " + Sizes.binary(info.pieceLength()));
      out.println("  Total Size: " + Sizes.decimal(info.contentLength()));
      out.println("  Privacy: " + (info.privateTorrent() ? "Private torrent" : "Public torrent"));
      out.println("  Magnet: " + m.magnetLink());
      trackers(out, m.trackerTiers());
      webSeeds(out, m.webSeeds());
      out.println();
      out.println("FILES");
      out.println();
      for (TorrentFile f : info.files()) {
        if (f.padding()) continue;
        String path = info.singleFile() ? f.pathString() : info.name() + "/" + f.pathString();
        out.println("  " + path + " (" + Sizes.decimal(f.length()) + ")");
      }
    }

    static void show(PrintStream out, MagnetLink m) {
      out.println("Name: " + m.displayName().orElse("(no name in the link)"));
      out.println();
      out.println("GENERAL");
      out.println();
      m.v1().ifPresent(h -> out.println("  Hash v1: " + h.hex()));
      m.v2().ifPresent(h -> out.println("  Hash v2: " + h.hex()));
      out.println("  Metadata: from peers (BEP 9); files and pieces are not in the link");
      trackers(out, m.trackers().stream().map(List::of).toList());
      webSeeds(out, m.webSeeds());
      if (!m.peers().isEmpty()) {
        out.println();
        out.println("PEERS");
        out.println();
        m.peers().forEach(p -> out.println("  " + p));
      }
    }

    private static void trackers(PrintStream out, List<List<String>> tiers) {
      out.println();
      out.println("TRACKERS");
      for (int i = 0; i < tiers.size(); i++) {
        out.println();
        out.println("  Tier #" + (i + 1));
        tiers.get(i).forEach(t -> out.println("  " + t));
      }
    }

    private static void webSeeds(PrintStream out, List<String> seeds) {
      if (seeds.isEmpty()) return;
      out.println();
      out.println("WEBSEEDS");
      out.println();
      seeds.forEach(w -> out.println("  " + w));
    }
  }

  /** Sizes written as transmission-show writes them: three significant digits, kB (1000) or KiB (1024). */
  static final class Sizes {
    private static final String[] DECIMAL = {"kB", "MB", "GB", "TB"};
    private static final String[] BINARY = {"KiB", "MiB", "GiB", "TiB"};

    private Sizes() {}

    static String decimal(long bytes) {
      return format(bytes, 1000, DECIMAL);
    }

    static String binary(long bytes) {
      return format(bytes, 1024, BINARY);
    }

    private static String format(long bytes, double base, String[] units) {
      double v = bytes / base;
      int u = 0;
      while (v >= base && u < units.length - 1) {
        v /= base;
        u++;
      }
      String digits = v < 100 ? "%.2f" : v < 1000 ? "%.1f" : "%.0f";
      return String.format(Locale.ROOT, digits, v) + " " + units[u];
    }
  }

  /** A bar on stderr while a large content is hashed (only on a terminal, redrawn at each percent). */
  static final class ProgressBar {
    private static final int WIDTH = 40;
    private final PrintStream err;
    private final boolean enabled;
    private int lastPercent = -1;

    ProgressBar(PrintStream err, boolean enabled) {
      this.err = err;
      this.enabled = enabled;
    }

    void hashed(long done, long total) {
      if (!enabled || total == 0) return;
      int percent = (int) (done * 100 / total);
      if (percent == lastPercent) return;
      lastPercent = percent;
      int filled = percent * WIDTH / 100;
      err.print("\rhashing [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% of "
          + Sizes.decimal(total));
      err.flush();
    }

    void done() {
      if (enabled && lastPercent >= 0) err.println();
    }
  }
}
