package org.minternet.dns.resolver;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.minternet.core.Endpoint;
import org.minternet.core.net.AddressRange;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;

/**
 * Entry points for the command line: {@code minternet dns resolver serve …} runs the caching
 * resolver until stopped; {@code minternet dns resolver query NAME [TYPE] …} resolves once and
 * prints the answer and the steps taken; {@link #cache} prints or flushes a resolver's cache.
 *
 * <p>Options: {@code --bind ADDR} (default 127.0.0.1), {@code --port N} (default 5300),
 * {@code --root ADDR} (repeatable) or {@code --hints FILE} (named.root format),
 * {@code --authority-port N} (port of every authority, default 53; 5300 in the default world),
 * {@code --allow CIDR} (repeatable; loopback is always allowed), {@code --rate-limit N}
 * (responses/s per client prefix, 0 = off, default 2000), {@code --slip N} (default 2),
 * {@code --max-cache-mb N} (default 64), {@code --no-qname-minimisation},
 * {@code --no-serve-stale}, {@code --no-prefetch}.
 */
public final class ResolverCommand {
  private ResolverCommand() {}

  /** Parsed options of {@code serve} and {@code query}. */
  public record Options(InetAddress bind, int port, List<InetAddress> roots, int authorityPort,
      List<String> allow, int rateLimit, int slip, long maxCacheBytes, boolean qnameMinimisation,
      boolean serveStale, boolean prefetch, List<String> arguments) {
    /** The resolver these options describe. */
    public RecursiveResolver resolver() {
      return RecursiveResolver.builder().rootServers(roots).authorityPort(authorityPort)
          .maxCacheBytes(maxCacheBytes).qnameMinimisation(qnameMinimisation)
          .serveStale(serveStale).prefetch(prefetch).build();
    }
  }

  /** {@code java … ResolverCommand serve|query ARGS}. */
  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("serve") || args[0].equals("query"))) {
      System.err.println("usage: resolver serve|query [options] (query: NAME [TYPE] [--trace])");
      System.exit(2);
      return;
    }
    Options o;
    try {
      o = parse(java.util.Arrays.copyOfRange(args, 1, args.length));
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("dns resolver: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(args[0].equals("serve") ? serve(o, System.out) : query(o, System.out));
  }

  /** Parses the options; words that are not options are kept in {@code arguments}. */
  public static Options parse(String[] args) throws IOException {
    InetAddress bind = InetAddress.getByName("127.0.0.1");
    int port = 5300;
    List<InetAddress> roots = new ArrayList<>();
    int authorityPort = 53;
    List<String> allow = new ArrayList<>();
    int rate = 2000;
    int slip = 2;
    long cache = 64L << 20;
    boolean qmin = true;
    boolean stale = true;
    boolean prefetch = true;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--no-qname-minimisation" -> qmin = false;
        case "--no-serve-stale" -> stale = false;
        case "--no-prefetch" -> prefetch = false;
        case "--trace" -> rest.add(a);
        default -> {
          if (!a.startsWith("--")) {
            rest.add(a);
            continue;
          }
          if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + a);
          String v = args[++i];
          switch (a) {
            case "--bind" -> bind = InetAddress.getByName(v);
            case "--port" -> port = number(a, v);
            case "--root" -> roots.add(InetAddress.getByName(v));
            case "--hints" -> roots.addAll(RootHints.load(Path.of(v)).addresses());
            case "--authority-port" -> authorityPort = number(a, v);
            case "--allow" -> {
              AddressRange.parse(v);
              allow.add(v);
            }
            case "--rate-limit" -> rate = number(a, v);
            case "--slip" -> slip = number(a, v);
            case "--max-cache-mb" -> cache = (long) number(a, v) << 20;
            default -> throw new IllegalArgumentException("unknown option " + a);
          }
        }
      }
    }
    if (roots.isEmpty()) throw new IllegalArgumentException("give --root ADDR or --hints FILE");
    return new Options(bind, port, roots, authorityPort, allow, rate, slip, cache, qmin, stale,
        prefetch, rest);
  }

  private static int number(String option, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a number, not " + v);
    }
  }

  /** Serves until the JVM is stopped; non-zero when the server cannot start. */
  public static int serve(Options o, PrintStream out) {
    RecursiveResolver resolver = o.resolver();
    ResolverServer.Builder b = ResolverServer.builder().resolver(resolver)
        .host(o.bind().getHostAddress()).bind(o.bind()).port(o.port())
        .rateLimit(o.rateLimit(), o.slip());
    for (String c : o.allow()) b.allow(c);
    ResolverServer server;
    try {
      server = b.start();
    } catch (IOException e) {
      out.println("dns resolver: " + e.getMessage());
      resolver.close();
      return 1;
    }
    for (Endpoint e : server.endpoints()) {
      out.println("dns resolver: listening on " + e.transport() + " " + e.hostPort());
    }
    out.println("try: dig @" + server.address().getHostAddress() + " -p " + server.port()
        + " NAME");
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      resolver.close();
    }));
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Resolves {@code arguments[0]} (type {@code arguments[1]}, default A) once and prints it. */
  public static int query(Options o, PrintStream out) {
    List<String> words = o.arguments().stream().filter(w -> !w.equals("--trace")).toList();
    if (words.isEmpty()) {
      out.println("dns resolver query: give a NAME");
      return 2;
    }
    int type = words.size() > 1 ? RrTypes.fromText(words.get(1)) : RrTypes.A;
    if (type < 0) {
      out.println("dns resolver query: unknown type " + words.get(1));
      return 2;
    }
    Name name;
    try {
      name = Name.parse(words.get(0));
    } catch (org.minternet.dns.wire.WireFormatException e) {
      out.println("dns resolver query: " + e.getMessage());
      return 2;
    }
    try (RecursiveResolver r = o.resolver()) {
      Resolution res = r.resolve(name, type, o.arguments().contains("--trace"));
      out.print(format(res));
      return res.rcode() == Rcode.SERVFAIL ? 1 : 0;
    }
  }

  /** A resolution as text: the steps (if traced), the status and the records, dig-like. */
  public static String format(Resolution r) {
    StringBuilder sb = new StringBuilder();
    for (TraceStep s : r.trace()) sb.append(";; ").append(s).append('\n');
    sb.append(";; status: ").append(Rcode.toText(r.rcode()))
        .append(r.stale() ? " (stale)" : "").append('\n');
    for (Record rec : r.answers()) sb.append(rec).append('\n');
    for (Record rec : r.authority()) sb.append(rec).append('\n');
    return sb.toString();
  }

  /**
   * {@code minternet dns resolver cache list|flush|stats [NAME]} on a resolver of this process
   * (the world's): {@code list [DOMAIN]}, {@code flush} (all), {@code flush NAME} (one name),
   * {@code flush-domain DOMAIN}, {@code stats}. Returns the lines to print. A running resolver in
   * another process is reached with CHAOS TXT queries from loopback (see {@link CacheControl}),
   * e.g. {@code dig @ADDR -p PORT CH TXT example.com.flush-domain.resolver.minternet}.
   */
  public static List<String> cache(RecursiveResolver r, String action, String name) {
    ResolverCache c = r.cache();
    try {
      return switch (action) {
        case "list" -> c.list(name == null ? Name.ROOT : Name.parse(name));
        case "stats" -> List.of(c.stats().toString());
        case "flush" -> {
          if (name == null) {
            c.flushAll();
            yield List.of("flushed the whole cache");
          }
          yield List.of("flushed " + c.flushName(Name.parse(name)) + " entries of " + name);
        }
        case "flush-domain" -> {
          if (name == null) throw new IllegalArgumentException("flush-domain needs a DOMAIN");
          yield List.of("flushed " + c.flushDomain(Name.parse(name)) + " entries at or below " + name);
        }
        default -> throw new IllegalArgumentException("unknown cache action " + action);
      };
    } catch (org.minternet.dns.wire.WireFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
