package org.minternet.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.minternet.core.Endpoint;
import org.minternet.core.store.Store;
import org.minternet.core.tls.TlsContexts;
import org.minternet.http.AccessLog;
import org.minternet.http.HttpServer;
import org.minternet.http.proxy.CachingProxy;
import org.minternet.world.WorldOptions;
import org.minternet.world.content.TextbookSite;
import org.minternet.world.services.WebHost;
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

    @Option(names = {"-p", "--port"}, defaultValue = "8080", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--access-log", paramLabel = "FILE", description = "Where the access log goes (default: DATA/http/HOST/access.log).")
    Path accessLog;

    @Option(names = "--no-access-log", description = "Keep no access log (as a benchmark compares with a server that keeps none).")
    boolean noAccessLog;

    @Override
    public Integer call() throws Exception {
      Path dataDir = data == null ? WorldOptions.defaultDataDir() : data;
      Path dir = root == null ? WebHost.defaultRoot(dataDir, host) : root;
      if (textbook) TextbookSite.write(dir, host);
      else if (root == null) WebHost.writeContentIfMissing(dir, host);
      HttpServer.Builder b = WebHost.server(host, InetAddress.getByName(bind), dir, WebHost.sessionStore(dataDir, host),
          noAccessLog ? null : accessLog != null ? accessLog : WebHost.defaultAccessLog(dataDir, host)).port(port);
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

    @Option(names = {"-p", "--port"}, defaultValue = "3128", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "NAME", description = "The proxy's name (default: localhost).")
    String host;

    @Option(names = "--via", paramLabel = "NAME", description = "Its pseudonym in Via headers (default: --host).")
    String via;

    @Option(names = "--reverse", paramLabel = "HOST:PORT", description = "Accelerate this one origin instead of forwarding.")
    String reverse;

    @Option(names = "--allow", paramLabel = "CIDR", description = "Client networks allowed (repeatable; default: loopback).")
    List<String> allow = new ArrayList<>();

    @Option(names = "--memory", paramLabel = "SIZE", converter = SizeConverter.class, description = "Memory for cached objects, e.g. 256m.")
    Long memory;

    @Option(names = "--max-object", paramLabel = "SIZE", converter = SizeConverter.class, description = "Largest object cached, e.g. 16m.")
    Long maxObject;

    @Option(names = "--disk", paramLabel = "DIR", description = "A disk tier that survives restarts.")
    Path disk;

    @Option(names = "--disk-size", paramLabel = "SIZE", converter = SizeConverter.class, description = "Size of the disk tier, e.g. 1g.")
    Long diskSize;

    @Option(names = "--debug-header", description = "Add an X-Cache header (HIT, MISS, REVALIDATED …) to responses.")
    boolean debugHeader;

    @Option(names = "--access-log", paramLabel = "FILE",
        description = "Append one line per request: Combined Log Format, the cache result (TCP_HIT, TCP_MISS …) and ms.")
    Path accessLog;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      CachingProxy.Builder b = CachingProxy.builder().bind(InetAddress.getByName(bind)).port(port).debugHeader(debugHeader);
      if (host != null) b.host(host);
      if (via != null) b.via(via);
      HostPort origin = null;
      if (reverse != null) {
        origin = HostPort.parse(reverse, -1);
        if (origin.port() < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--reverse needs HOST:PORT, not " + reverse);
        b.reverse(origin.host(), origin.port());
      }
      if (!allow.isEmpty()) b.allow(allow);
      if (memory != null) b.memoryBytes(memory);
      if (maxObject != null) b.maxObjectBytes(maxObject);
      if (diskSize != null && disk == null) throw new CommandLine.ParameterException(spec.commandLine(), "--disk-size needs --disk");
      if (disk != null) b.diskDirectory(disk);
      if (diskSize != null) b.diskDirectory(disk, diskSize);
      if (accessLog != null) {
        try {
          b.accessLog(AccessLog.toFile(accessLog));
        } catch (IOException e) {
          throw new IOException("cannot open the access log " + accessLog + ": " + Main.message(e), e);
        }
      }
      CachingProxy proxy;
      List<Endpoint> endpoints;
      try {
        proxy = b.build();
        endpoints = proxy.start();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      HostPort reverseOrigin = origin;
      SocketsCommand.runUntilStopped(proxy, () -> {
        for (Endpoint e : endpoints) {
          if (reverseOrigin != null) {
            System.out.println("http-proxy: reverse proxy for " + reverseOrigin.host() + ":" + reverseOrigin.port()
                + " on http://" + e.hostPort() + "/");
          } else {
            System.out.println("http-proxy: forward proxy on " + e.hostPort() + "  (curl -x http://" + e.hostPort()
                + " URL; statistics: minternet http proxy-stats " + e.hostPort() + ")");
          }
        }
        System.out.flush();
      });
      return 0;
    }
  }

  @Command(name = "proxy-stats", mixinStandardHelpOptions = true,
      description = "Print a running proxy's statistics: requests, hits, misses, revalidations, bytes.")
  static final class ProxyStats implements Callable<Integer> {
    @Parameters(paramLabel = "HOST:PORT", defaultValue = "127.6.0.1:3128", description = "The proxy (default: the world's cache, ${DEFAULT-VALUE}).")
    String at;

    @Override
    public Integer call() throws Exception {
      System.out.print(CachingProxy.fetchStats(HostPort.parse(at, CachingProxy.DEFAULT_PORT).resolve(), Duration.ofSeconds(10)).format());
      System.out.flush();
      return 0;
    }
  }
}
