package org.minternet.cli;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.minternet.core.Endpoint;
import org.minternet.core.tls.TlsContexts;
import org.minternet.http.AccessLog;
import org.minternet.http.HttpServer;
import org.minternet.http.Sessions;
import org.minternet.http.Site;
import org.minternet.http.proxy.ProxyServe;
import org.minternet.world.content.DemoApps;
import org.minternet.world.content.TextbookSite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code minternet http}: the origin server and the caching proxy on their own. */
@Command(name = "http", mixinStandardHelpOptions = true,
    description = "The Web: run an origin server or the caching proxy alone (the client is 'minternet fetch').",
    subcommands = {HttpCli.Serve.class, HttpCli.Proxy.class, HttpCli.ProxyStats.class})
final class HttpCli extends CommandGroup {
  @Command(name = "serve", mixinStandardHelpOptions = true,
      description = "Serve a directory over HTTP/1.1 (and HTTPS with --https-port) until stopped.")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = {"-p", "--port"}, defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--https-port", paramLabel = "PORT", description = "Also serve HTTPS on this port, with the certificate in --data.")
    Integer httpsPort;

    @Option(names = "--root", paramLabel = "DIR", description = "Directory to serve (default: DATA/www/localhost).")
    Path root;

    @Option(names = "--host", defaultValue = "localhost", description = "Site name (Host header) (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--textbook", description = "Write the textbook's page with ten images into the root first.")
    boolean textbook;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory for sessions, logs and certificates (default: $MINTERNET_DATA or ~/.minternet).")
    Path data;

    @Override
    public Integer call() throws Exception {
      Path dataDir = data == null ? org.minternet.world.WorldOptions.defaultDataDir() : data;
      Path dir = root == null ? dataDir.resolve("www").resolve(host) : root;
      if (textbook || (root == null && !java.nio.file.Files.exists(dir.resolve("index.html")))) {
        TextbookSite.write(dir, host);
      }
      Path state = dataDir.resolve("http").resolve(host);
      Sessions sessions = new Sessions(org.minternet.core.store.Store.sqlite(state.resolve("sessions.db")));
      HttpServer.Builder b = HttpServer.builder().host(host).bind(InetAddress.getByName(bind)).port(port)
          .site(DemoApps.install(Site.builder(host).alias(bind).root(dir), sessions).build())
          .sessions(sessions)
          .accessLog(AccessLog.toFile(state.resolve("access.log")));
      if (httpsPort != null) b.tls(TlsContexts.selfSigned(dataDir, List.of(host, bind, "localhost")), httpsPort);
      HttpServer server = b.build();
      List<Endpoint> endpoints = server.start();
      StringBuilder where = new StringBuilder();
      for (Endpoint e : endpoints) where.append(' ').append(e.service()).append("://").append(e.hostPort());
      SocketsCommand.runUntilStopped(server, "http serving " + dir + " on" + where);
      return 0;
    }
  }

  @Command(name = "proxy", mixinStandardHelpOptions = true,
      description = "Run the caching proxy (RFC 9111): forward proxy by default, or a reverse proxy with --reverse.")
  static final class Proxy implements Callable<Integer> {
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = {"-p", "--port"}, defaultValue = "3128", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--reverse", paramLabel = "HOST:PORT", description = "Accelerate this one origin instead of forwarding.")
    String reverse;

    @Option(names = "--allow", paramLabel = "CIDR", description = "Client networks allowed (repeatable; default: loopback).")
    List<String> allow = new ArrayList<>();

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory for cached objects, e.g. 256m.")
    String memory;

    @Option(names = "--max-object", paramLabel = "SIZE", description = "Largest object cached, e.g. 16m.")
    String maxObject;

    @Option(names = "--disk", paramLabel = "DIR", description = "A disk tier that survives restarts.")
    Path disk;

    @Option(names = "--disk-size", paramLabel = "SIZE", description = "Size of the disk tier, e.g. 1g.")
    String diskSize;

    @Option(names = "--debug-header", description = "Add an X-Cache header (HIT, MISS, REVALIDATED …) to responses.")
    boolean debugHeader;

    @Option(names = "--access-log", paramLabel = "FILE",
        description = "Append one line per request: Combined Log Format, the cache result (TCP_HIT, TCP_MISS …) and ms.")
    Path accessLog;

    @Override
    public Integer call() throws Exception {
      List<String> a = new ArrayList<>(List.of("--bind", bind, "--port", Integer.toString(port)));
      if (reverse != null) a.addAll(List.of("--reverse", reverse));
      for (String c : allow) a.addAll(List.of("--allow", c));
      if (memory != null) a.addAll(List.of("--memory", memory));
      if (maxObject != null) a.addAll(List.of("--max-object", maxObject));
      if (disk != null) a.addAll(List.of("--disk", disk.toString()));
      if (diskSize != null) a.addAll(List.of("--disk-size", diskSize));
      if (debugHeader) a.add("--debug-header");
      if (accessLog != null) a.addAll(List.of("--access-log", accessLog.toString()));
      return ProxyServe.run(a.toArray(String[]::new), System.out, System.err) == 0 ? 0 : Main.FAILED;
    }
  }

  @Command(name = "proxy-stats", mixinStandardHelpOptions = true,
      description = "Print a running proxy's statistics: requests, hits, misses, revalidations, bytes.")
  static final class ProxyStats implements Callable<Integer> {
    @Parameters(paramLabel = "HOST:PORT", defaultValue = "127.6.0.1:3128", description = "The proxy (default: the world's cache, ${DEFAULT-VALUE}).")
    String at;

    @Override
    public Integer call() throws Exception {
      return ProxyServe.run(new String[] {"stats", at}, System.out, System.err) == 0 ? 0 : Main.FAILED;
    }
  }
}
