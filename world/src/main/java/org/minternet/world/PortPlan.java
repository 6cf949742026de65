package org.minternet.world;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The port of each service kind, the same on every host of the world (each host has its own
 * address, so the same port is reused, as on the Internet). DNS delegations carry addresses and
 * not ports, so a world must agree on one DNS port: that is why the plan is per kind, not per host.
 */
public final class PortPlan {
  /** Which plan. */
  public enum Mode {
    /** Ports above 1024: runs as a normal user with no set-up. The default. */
    UNPRIVILEGED,
    /** The well-known ports (53, 80, 25 …); needs root or CAP_NET_BIND_SERVICE. */
    STANDARD,
    /** Ports chosen at random among those free on every address of the world (tests). */
    FREE
  }

  private record Ports(int unprivileged, int standard) {}

  private static final Map<String, Ports> PLAN = Map.ofEntries(
      Map.entry("dns", new Ports(5300, 53)),
      Map.entry("resolver", new Ports(5300, 53)),
      Map.entry("http", new Ports(8080, 80)),
      Map.entry("https", new Ports(8443, 443)),
      Map.entry("proxy", new Ports(3128, 3128)),
      Map.entry("smtp", new Ports(2525, 25)),
      Map.entry("submission", new Ports(5587, 587)),
      Map.entry("smtps", new Ports(4465, 465)),
      Map.entry("pop3", new Ports(1110, 110)),
      Map.entry("pop3s", new Ports(1995, 995)),
      Map.entry("imap", new Ports(1143, 143)),
      Map.entry("imaps", new Ports(1993, 993)),
      Map.entry("tcp-upper", new Ports(12000, 12000)),
      Map.entry("udp-upper", new Ports(12000, 12000)),
      Map.entry("udp-ping", new Ports(12001, 12001)),
      Map.entry("select-upper", new Ports(12002, 12002)));

  private final Mode mode;
  private final Map<String, Integer> ports;

  private PortPlan(Mode mode, Map<String, Integer> ports) {
    this.mode = mode;
    this.ports = Map.copyOf(ports);
  }

  public static PortPlan unprivileged() {
    Map<String, Integer> m = new HashMap<>();
    PLAN.forEach((k, p) -> m.put(k, p.unprivileged()));
    return new PortPlan(Mode.UNPRIVILEGED, m);
  }

  public static PortPlan standard() {
    Map<String, Integer> m = new HashMap<>();
    PLAN.forEach((k, p) -> m.put(k, p.standard()));
    return new PortPlan(Mode.STANDARD, m);
  }

  /**
   * Chooses, for every service kind, a port that is free (TCP and UDP) on every address of the
   * world that runs it, so that a world can start inside a test next to anything else.
   */
  public static PortPlan free(WorldSpec world) {
    Map<String, Integer> m = new HashMap<>();
    java.util.Set<Integer> used = new java.util.HashSet<>();
    // dns and resolver must share one port: resolvers reach authorities on the DNS port
    for (String kind : PLAN.keySet().stream().sorted().toList()) {
      if (kind.equals("resolver")) continue;
      List<InetAddress> addresses = world.hosts().stream()
          .filter(h -> h.runs(kind) || (kind.equals("dns") && h.runs("resolver")))
          .map(HostSpec::address).toList();
      int port = probe(addresses, used);
      used.add(port);
      m.put(kind, port);
    }
    m.put("resolver", m.get("dns"));
    return new PortPlan(Mode.FREE, m);
  }

  private static int probe(List<InetAddress> addresses, java.util.Set<Integer> used) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20000, 60000);
      if (used.contains(port)) continue;
      if (addresses.stream().allMatch(a -> isFree(a, port))) return port;
    }
    throw new IllegalStateException("no free port found on the world's addresses");
  }

  private static boolean isFree(InetAddress address, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(address, port));
    } catch (IOException e) {
      return false;
    }
    try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(address, port))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static PortPlan of(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "unprivileged" -> unprivileged();
      case "standard" -> standard();
      default -> throw new IllegalArgumentException("port plan must be 'unprivileged' or 'standard', not " + name);
    };
  }

  public Mode mode() {
    return mode;
  }

  /** The port of a service kind. */
  public int port(String kind) {
    Integer p = ports.get(kind);
    if (p == null) throw new IllegalArgumentException("no port planned for " + kind);
    return p;
  }
}
