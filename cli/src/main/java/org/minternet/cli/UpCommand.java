package org.minternet.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.minternet.core.Endpoint;
import org.minternet.core.tap.Transcript;
import org.minternet.world.PortPlan;
import org.minternet.world.World;
import org.minternet.world.WorldFile;
import org.minternet.world.WorldOptions;
import org.minternet.world.WorldSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code minternet up}: starts a whole world and runs until interrupted. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Start the embedded default world (or --world FILE): every host on its own"
        + " loopback address, every service it runs. Runs until Ctrl-C.")
final class UpCommand implements Callable<Integer> {
  @Option(names = "--world", paramLabel = "FILE", description = "World description to start instead of the default world.")
  Path worldFile;

  @Option(names = "--ports", paramLabel = "PLAN", defaultValue = "unprivileged",
      description = "Port plan: unprivileged (default, no set-up needed) or standard (53, 80, 25 …; needs privileges).")
  String ports;

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: $MINTERNET_DATA or ~/.minternet).")
  Path data;

  @Option(names = "--json", description = "Print each endpoint as one JSON object per line once listening, for scripts.")
  boolean json;

  @Option(names = "--transcript", description = "Print every protocol exchange (C:/S: lines) as it happens.")
  boolean transcript;

  @Option(names = "--tls-cert", paramLabel = "PEM", description = "Your certificate chain (PEM) for every TLS service, with --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "The private key (PEM) of --tls-cert.")
  Path tlsKey;

  @Option(names = "--tls-pkcs12", paramLabel = "FILE", description = "Your certificate and key as PKCS#12 (password in $MINTERNET_TLS_PASSWORD).")
  Path tlsPkcs12;

  @Option(names = "--check", hidden = true, description = "Start, print, and stop at once (for tests).")
  boolean check;

  @Override
  public Integer call() throws Exception {
    WorldSpec spec = worldFile == null ? WorldFile.defaultWorld() : WorldFile.read(worldFile);
    Path dataDir = data == null ? WorldOptions.defaultDataDir() : data;
    Transcript tap = new Transcript(WorldOptions.TRANSCRIPT_CAPACITY);
    PrintStream out = System.out;
    if (transcript) tap.subscribe(e -> System.err.println(e));
    javax.net.ssl.SSLContext tls = null;
    if (tlsCert != null || tlsKey != null) {
      if (tlsCert == null || tlsKey == null) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
      tls = org.minternet.core.tls.TlsContexts.fromPem(tlsCert, tlsKey);
    } else if (tlsPkcs12 != null) {
      String pw = System.getenv().getOrDefault("MINTERNET_TLS_PASSWORD", "");
      tls = org.minternet.core.tls.TlsContexts.fromPkcs12(tlsPkcs12, pw.toCharArray());
    }
    World world = World.start(spec, new WorldOptions(PortPlan.of(ports), dataDir, tap, tls));
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      world.close();
      stopped.countDown();
    }, "minternet-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    if (json) {
      for (Endpoint e : world.endpoints()) out.println(toJson(e));
    } else {
      printTable(out, world, spec, dataDir);
    }
    out.flush();
    if (check) {
      Runtime.getRuntime().removeShutdownHook(hook);
      world.close();
      return 0;
    }
    stopped.await();
    return 0;
  }

  static String toJson(Endpoint e) {
    return String.format(Locale.ROOT,
        "{\"host\":\"%s\",\"address\":\"%s\",\"port\":%d,\"protocol\":\"%s\",\"service\":\"%s\"}",
        e.host(), e.address().getHostAddress(), e.port(), e.transport(), e.service());
  }

  private static void printTable(PrintStream out, World world, WorldSpec spec, Path dataDir) {
    out.printf("Minternet world '%s' is up (data in %s). Ctrl-C stops it.%n%n", spec.name(), dataDir);
    out.printf("%-24s %-12s %-13s %-13s %s%n", "HOST", "ADDRESS", "SERVICE", "PORT", "TRY");
    for (World.Started s : world.services()) {
      // one row per service and port: "5300/udp+tcp" when both transports listen
      java.util.Map<String, List<Endpoint>> byPort = new java.util.LinkedHashMap<>();
      for (Endpoint e : s.running().endpoints()) {
        byPort.computeIfAbsent(e.service() + " " + e.address().getHostAddress() + " " + e.port(),
            k -> new java.util.ArrayList<>()).add(e);
      }
      for (List<Endpoint> group : byPort.values()) {
        Endpoint e = group.get(0);
        String transports = String.join("+", group.stream().map(Endpoint::transport).toList());
        out.printf("%-24s %-12s %-13s %-13s %s%n", s.host().name(), e.address().getHostAddress(),
            e.service(), e.port() + "/" + transports, s.running().tryIt(e));
      }
    }
    List<String> missing = List.copyOf(world.notBuilt());
    if (!missing.isEmpty()) {
      out.printf("%nDeclared in the world but not in this build yet: %s%n", String.join(", ", missing));
    }
  }
}
