package org.minternet.http.proxy;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.minternet.http.AccessLog;

/**
 * The command line of the caching proxy, for {@code minternet http proxy} and the benchmark:
 *
 * <pre>
 * ProxyServe [--port N] [--bind ADDR] [--host NAME] [--via NAME] [--reverse HOST:PORT]
 *            [--allow CIDR]... [--memory BYTES] [--max-object BYTES] [--disk DIR [--disk-size BYTES]]
 *            [--debug-header] [--access-log FILE]
 * ProxyServe stats HOST:PORT
 * </pre>
 *
 * Byte sizes accept the suffixes k, m and g. {@code --access-log} appends one line per request to
 * FILE (see {@link CachingProxy.Builder#accessLog}).
 */
public final class ProxyServe {
  private ProxyServe() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command; returns the exit status (serving blocks until the JVM stops). */
  public static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
    if (args.length > 0 && args[0].equals("stats")) {
      if (args.length != 2) return usage(err);
      InetSocketAddress at = hostPort(args[1]);
      try {
        out.print(CachingProxy.fetchStats(at, Duration.ofSeconds(10)).format());
        return 0;
      } catch (IOException e) {
        err.println("http-proxy: " + e.getMessage());
        return 1;
      }
    }
    CachingProxy.Builder b = CachingProxy.builder();
    List<String> allow = new ArrayList<>();
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--port" -> b.port(Integer.parseInt(args[++i]));
          case "--bind" -> b.bind(InetAddress.getByName(args[++i]));
          case "--host" -> b.host(args[++i]);
          case "--via" -> b.via(args[++i]);
          case "--reverse" -> {
            InetSocketAddress o = hostPort(args[++i]);
            b.reverse(o.getHostString(), o.getPort());
          }
          case "--allow" -> allow.add(args[++i]);
          case "--memory" -> b.memoryBytes(bytes(args[++i]));
          case "--max-object" -> b.maxObjectBytes(bytes(args[++i]));
          case "--disk" -> b.diskDirectory(Path.of(args[++i]));
          case "--disk-size" -> b.diskDirectory(b.config().diskDirectory(), bytes(args[++i]));
          case "--debug-header" -> b.debugHeader(true);
          case "--access-log" -> {
            Path file = Path.of(args[++i]);
            try {
              b.accessLog(AccessLog.toFile(file));
            } catch (IOException e) {
              err.println("http-proxy: cannot open the access log " + file + ": " + e.getMessage());
              return 1;
            }
          }
          default -> {
            return usage(err);
          }
        }
      }
      if (!allow.isEmpty()) b.allow(allow);
      CachingProxy.serve(b.config(), out);
      return 0;
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      err.println("http-proxy: " + e.getMessage());
      return usage(err);
    }
  }

  private static int usage(PrintStream err) {
    err.println("usage: ProxyServe [--port N] [--bind ADDR] [--host NAME] [--via NAME]"
        + " [--reverse HOST:PORT] [--allow CIDR]... [--memory BYTES] [--max-object BYTES]"
        + " [--disk DIR [--disk-size BYTES]] [--debug-header] [--access-log FILE]\n"
        + "       ProxyServe stats HOST:PORT");
    return 2;
  }

  static InetSocketAddress hostPort(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("expected HOST:PORT, got " + s);
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    return new InetSocketAddress(host, Integer.parseInt(s.substring(colon + 1)));
  }

  /** Reads a size written like 512, 64k, 16m or 1g (powers of 1024). */
  public static long bytes(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = 1;
    if (t.endsWith("k")) unit = 1024;
    else if (t.endsWith("m")) unit = 1024 * 1024;
    else if (t.endsWith("g")) unit = 1024L * 1024 * 1024;
    if (unit > 1) t = t.substring(0, t.length() - 1);
    return Long.parseLong(t) * unit;
  }
}
