package org.minternet.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the master files (RFC 1035 §5) of a world's zones from its description, the way the
 * real Internet is laid out: each zone has its SOA and NS; a parent zone delegates each child
 * zone with NS records and glue addresses for name servers inside it; a host's address record
 * lives in the closest zone that encloses its name; mail exchangers are MX records.
 */
public final class WorldZones {
  /** TTL of the generated records, in seconds. */
  public static final int TTL = 3600;
  /** SOA minimum (the negative-caching TTL of RFC 2308). */
  public static final int NEGATIVE_TTL = 300;

  private final WorldSpec world;

  public WorldZones(WorldSpec world) {
    this.world = world;
  }

  /** Zone name ("." or "umass.edu") to master-file text, for every zone of the world. */
  public Map<String, String> masterFiles(long serial) {
    Map<String, String> out = new LinkedHashMap<>();
    for (WorldSpec.ZoneSpec z : world.zones()) out.put(z.name(), masterFile(z, serial));
    return out;
  }

  /** The master file of one zone of the world ("." or "umass.edu"). */
  public String masterFile(String zone, long serial) {
    return world.zones().stream().filter(z -> z.name().equals(zone)).findFirst()
        .map(z -> masterFile(z, serial))
        .orElseThrow(() -> new IllegalArgumentException("no zone " + zone + " in world " + world.name()));
  }

  /** The zones a host serves authoritatively. */
  public List<String> zonesServedBy(String host) {
    return world.zones().stream().filter(z -> z.servers().contains(host)).map(WorldSpec.ZoneSpec::name).toList();
  }

  /** True if {@code name} is {@code zone} or below it. */
  static boolean isUnder(String name, String zone) {
    return zone.equals(".") || name.equals(zone) || name.endsWith("." + zone);
  }

  /** The closest declared zone that encloses a name. */
  Optional<WorldSpec.ZoneSpec> closestZone(String name) {
    WorldSpec.ZoneSpec best = null;
    for (WorldSpec.ZoneSpec z : world.zones()) {
      if (isUnder(name, z.name()) && (best == null || depth(z.name()) > depth(best.name()))) best = z;
    }
    return Optional.ofNullable(best);
  }

  private static int depth(String zone) {
    return zone.equals(".") ? 0 : zone.split("\\.").length;
  }

  private static String fqdn(String name) {
    return name.equals(".") ? "." : name + ".";
  }

  private String masterFile(WorldSpec.ZoneSpec zone, long serial) {
    StringBuilder b = new StringBuilder();
    String origin = fqdn(zone.name());
    b.append("; zone ").append(zone.name()).append(" of world ").append(world.name())
        .append(", generated from the world description\n");
    b.append("$ORIGIN ").append(origin).append('\n');
    b.append("$TTL ").append(TTL).append('\n');
    String primary = fqdn(zone.servers().get(0));
    String contact = "hostmaster." + (zone.name().equals(".") ? "" : origin);
    b.append("@ IN SOA ").append(primary).append(' ').append(contact.equals("hostmaster.") ? "hostmaster.root." : contact)
        .append(" ( ").append(serial).append(" 3600 600 604800 ").append(NEGATIVE_TTL).append(" )\n");
    for (String ns : zone.servers()) b.append("@ IN NS ").append(fqdn(ns)).append('\n');
    List<String> glue = new ArrayList<>(zone.servers());
    // delegations to the child zones whose closest parent is this zone
    for (WorldSpec.ZoneSpec child : world.zones()) {
      if (child == zone || !isUnder(child.name(), zone.name())) continue;
      Optional<WorldSpec.ZoneSpec> parent = closestZone(parentName(child.name()));
      if (parent.isEmpty() || parent.get() != zone) continue;
      for (String ns : child.servers()) {
        b.append(fqdn(child.name())).append(" IN NS ").append(fqdn(ns)).append('\n');
        glue.add(ns);
      }
    }
    // address records: hosts whose closest zone is this one, and glue for name servers below it
    List<String> written = new ArrayList<>();
    for (HostSpec h : world.hosts()) {
      Optional<WorldSpec.ZoneSpec> home = closestZone(h.name());
      boolean authoritative = home.isPresent() && home.get() == zone;
      boolean isGlue = glue.contains(h.name()) && isUnder(h.name(), zone.name());
      if ((authoritative || isGlue) && !written.contains(h.name())) {
        written.add(h.name());
        String type = h.address() instanceof java.net.Inet6Address ? "AAAA" : "A";
        b.append(fqdn(h.name())).append(" IN ").append(type).append(' ')
            .append(h.address().getHostAddress()).append('\n');
      }
    }
    for (WorldSpec.MxSpec mx : world.mx()) {
      Optional<WorldSpec.ZoneSpec> home = closestZone(mx.domain());
      if (home.isPresent() && home.get() == zone) {
        b.append(fqdn(mx.domain())).append(" IN MX ").append(mx.preference()).append(' ')
            .append(fqdn(mx.host())).append('\n');
      }
    }
    return b.toString();
  }

  private static String parentName(String zone) {
    int dot = zone.indexOf('.');
    return dot < 0 ? "." : zone.substring(dot + 1);
  }
}
