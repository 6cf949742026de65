package org.minternet.dns;

import org.minternet.dns.server.AuthoritativeServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.minternet.core.Endpoint;
import org.minternet.core.store.Store;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Tsig;
import org.minternet.dns.zone.ZoneException;

/**
 * {@code minternet dns serve}: one authoritative server for zone files, until stopped. SIGHUP
 * reloads the zone files (an error keeps the zones being served).
 *
 * <p>Arguments: {@code --bind ADDR} (default 127.0.0.1), {@code --port N} (default 5300),
 * {@code --zone ORIGIN=FILE} (repeatable), {@code --key NAME:BASE64} (TSIG key for UPDATE),
 * {@code --store FILE} (SQLite file keeping updated zones), {@code --udp-threads N}.
 */
public final class DnsServe {
  private DnsServe() {}

  /** What to serve. */
  public record Options(InetAddress bind, int port, List<ZoneSource> zones, List<Tsig.Key> keys,
      Path storeFile, int udpThreads) {}

  /** A zone file and its origin. */
  public record ZoneSource(Name origin, Path file) {}

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("dns serve: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(run(o, System.out));
  }

  static Options parse(String[] args) throws IOException {
    InetAddress bind = InetAddress.getByName("127.0.0.1");
    int port = 5300;
    List<ZoneSource> zones = new ArrayList<>();
    List<Tsig.Key> keys = new ArrayList<>();
    Path store = null;
    int udpThreads = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + a);
      String v = args[++i];
      switch (a) {
        case "--bind" -> bind = InetAddress.getByName(v);
        case "--port" -> port = Integer.parseInt(v);
        case "--zone" -> {
          int eq = v.indexOf('=');
          if (eq < 0) throw new IllegalArgumentException("--zone needs ORIGIN=FILE");
          zones.add(new ZoneSource(Name.of(v.substring(0, eq)), Path.of(v.substring(eq + 1))));
        }
        case "--key" -> {
          int colon = v.indexOf(':');
          if (colon < 0) throw new IllegalArgumentException("--key needs NAME:BASE64SECRET");
          keys.add(Tsig.Key.hmacSha256(v.substring(0, colon), v.substring(colon + 1)));
        }
        case "--store" -> store = Path.of(v);
        case "--udp-threads" -> udpThreads = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    return new Options(bind, port, zones, keys, store, udpThreads);
  }

  /** Serves until the JVM is stopped; returns non-zero when the server cannot start. */
  public static int run(Options o, PrintStream out) {
    AuthoritativeServer.Builder b = AuthoritativeServer.builder().host(o.bind().getHostAddress())
        .bind(o.bind()).port(o.port());
    for (ZoneSource z : o.zones()) b.zoneFile(z.file(), z.origin());
    for (Tsig.Key k : o.keys()) b.updateKey(k);
    if (o.udpThreads() > 0) b.udpThreads(o.udpThreads());
    Store store = o.storeFile() == null ? null : Store.sqlite(o.storeFile());
    if (store != null) b.store(store);
    AuthoritativeServer server;
    try {
      server = b.start();
    } catch (IOException | ZoneException e) {
      out.println("dns serve: " + e.getMessage());
      return 1;
    }
    for (Endpoint e : server.endpoints()) out.println("dns serving on " + e.transport() + " " + e.hostPort());
    onHangup(() -> {
      try {
        server.reload();
        out.println("dns serve: zones reloaded");
      } catch (IOException | ZoneException e) {
        out.println("dns serve: reload failed, keeping the old zones: " + e.getMessage());
      }
    });
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      if (store != null) store.close();
      done.countDown();
    }));
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Runs {@code action} on SIGHUP where the platform supports it. */
  @SuppressWarnings("removal")
  static void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> Thread.ofVirtual().start(action));
    } catch (IllegalArgumentException | LinkageError e) {
      // no SIGHUP here (e.g. Windows): reload only by command
    }
  }
}
