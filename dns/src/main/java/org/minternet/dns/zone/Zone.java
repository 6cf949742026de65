package org.minternet.dns.zone;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.RData;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.SoaRData;
import org.minternet.dns.wire.TextInput;
import org.minternet.dns.wire.WireFormatException;

/**
 * An immutable, checked zone: the records at and below its origin, indexed by name and type.
 * Changes (UPDATE, reload) build a new Zone and swap it in, so readers never see half a change.
 *
 * <p>Checks done by {@link Builder#build()}: exactly one SOA, at the apex; NS at the apex; no
 * data outside the zone; CNAME not beside other data (RFC 1034 §3.6.2); an address record for
 * every name server whose name lies inside the zone (glue).
 */
public final class Zone {
  private final Name origin;
  private final Map<Name, Map<Integer, RRset>> nodes;
  /** Every name that exists, including empty non-terminals (RFC 4592 §2.2.2). */
  private final Set<Name> names;
  private final SoaRData soa;
  private final long soaTtl;

  private Zone(Name origin, Map<Name, Map<Integer, RRset>> nodes) {
    this.origin = origin;
    this.nodes = nodes;
    Set<Name> all = new HashSet<>();
    for (Name n : nodes.keySet()) {
      for (Name p = n; p.labelCount() >= origin.labelCount() && all.add(p); p = p.parent()) {
        if (p.isRoot()) break;
      }
    }
    this.names = all;
    RRset s = rrset(origin, RrTypes.SOA);
    this.soa = s == null ? null : (SoaRData) s.data().get(0);
    this.soaTtl = s == null ? 0 : s.ttl();
  }

  public static Builder builder(Name origin) {
    return new Builder(origin);
  }

  public Name origin() {
    return origin;
  }

  public SoaRData soa() {
    return soa;
  }

  public long serial() {
    return soa.serial();
  }

  /** The SOA record for a negative answer: TTL the smaller of its own and MINIMUM (RFC 2308 §3). */
  public Record negativeSoa() {
    return Record.in(origin, Math.min(soaTtl, soa.minimum()), soa);
  }

  public Record soaRecord() {
    return Record.in(origin, soaTtl, soa);
  }

  public RRset rrset(Name name, int type) {
    Map<Integer, RRset> n = nodes.get(name);
    return n == null ? null : n.get(type);
  }

  /** The RRsets at a name (empty for an empty non-terminal or a missing name). */
  public Map<Integer, RRset> node(Name name) {
    Map<Integer, RRset> n = nodes.get(name);
    return n == null ? Map.of() : n;
  }

  /** True if the name owns records or has descendants that do. */
  public boolean exists(Name name) {
    return names.contains(name);
  }

  public boolean contains(Name name) {
    return name.isSubdomainOf(origin);
  }

  /** Number of names owning records. */
  public int size() {
    return nodes.size();
  }

  /** Every record, SOA first, the rest in canonical name order (AXFR, zone file output). */
  public List<Record> records() {
    List<Record> out = new ArrayList<>();
    out.add(soaRecord());
    for (Map<Integer, RRset> node : new TreeMap<>(nodes).values()) {
      for (RRset s : node.values()) {
        if (s.type() == RrTypes.SOA && s.name().equals(origin)) continue;
        out.addAll(s.records());
      }
    }
    return out;
  }

  /** A builder holding a copy of this zone's records, for making a changed zone. */
  public Builder toBuilder() {
    Builder b = new Builder(origin);
    for (Map.Entry<Name, Map<Integer, RRset>> e : nodes.entrySet()) {
      Map<Integer, RRset> copy = new LinkedHashMap<>();
      for (RRset s : e.getValue().values()) copy.put(s.type(), s);
      b.nodes.put(e.getKey(), copy);
    }
    return b;
  }

  /** The zone in zone file format, loadable by {@link ZoneFile} and named-checkzone. */
  public String toZoneFile() {
    StringBuilder sb = new StringBuilder("$ORIGIN ").append(origin).append('\n');
    for (Record r : records()) sb.append(r).append('\n');
    return sb.toString();
  }

  /** Collects records and checks them into a {@link Zone}. */
  public static final class Builder {
    private final Name origin;
    private final Map<Name, Map<Integer, RRset>> nodes = new HashMap<>();

    private Builder(Name origin) {
      this.origin = origin;
    }

    public Name origin() {
      return origin;
    }

    /** Adds a record; the first TTL of an RRset wins, duplicates are ignored. */
    public Builder add(Record r) {
      Map<Integer, RRset> node = nodes.computeIfAbsent(r.name(), k -> new LinkedHashMap<>());
      RRset s = node.get(r.type());
      if (s == null) {
        node.put(r.type(), new RRset(r.name(), r.type(), r.ttl(), List.of(r.data())));
      } else if (!s.data().contains(r.data())) {
        List<RData> d = new ArrayList<>(s.data());
        d.add(r.data());
        node.put(r.type(), new RRset(s.name(), s.type(), s.ttl(), d));
      }
      return this;
    }

    public Builder add(Name name, long ttl, RData data) {
      return add(Record.in(name, ttl, data));
    }

    /**
     * Adds a record from presentation text relative to the origin, e.g. {@code add("www", 3600,
     * "A", "192.0.2.1")} or {@code add("@", 3600, "MX", "10 mail")}.
     */
    public Builder add(String owner, long ttl, String type, String rdata) {
      try {
        int t = RrTypes.fromText(type);
        if (t < 0) throw new IllegalArgumentException("unknown type " + type);
        RData d = RrTypes.parse(t, TextInput.split(rdata, origin));
        return add(Name.parse(owner, origin), ttl, d);
      } catch (WireFormatException e) {
        throw new IllegalArgumentException(owner + " " + type + " " + rdata + ": " + e.getMessage(), e);
      }
    }

    /** Removes one record; true if it was there. */
    public boolean remove(Name name, int type, RData data) {
      Map<Integer, RRset> node = nodes.get(name);
      RRset s = node == null ? null : node.get(type);
      if (s == null || !s.data().contains(data)) return false;
      List<RData> d = new ArrayList<>(s.data());
      d.remove(data);
      if (d.isEmpty()) node.remove(type);
      else node.put(type, new RRset(name, type, s.ttl(), d));
      if (node.isEmpty()) nodes.remove(name);
      return true;
    }

    /** Removes an RRset (or every RRset at the name when type is ANY); true if anything went. */
    public boolean removeRRset(Name name, int type) {
      Map<Integer, RRset> node = nodes.get(name);
      if (node == null) return false;
      boolean changed = type == RrTypes.ANY ? !node.isEmpty() : node.remove(type) != null;
      if (type == RrTypes.ANY) node.clear();
      if (node.isEmpty()) nodes.remove(name);
      return changed;
    }

    /**
     * Delegates {@code child} to a name server, as a parent zone does: the NS record, and the
     * server's address as glue when its name lies inside the child (or elsewhere in this zone).
     */
    public Builder delegate(Name child, long ttl, Name nameServer, java.net.InetAddress address) {
      add(child, ttl, new org.minternet.dns.wire.NsRData(nameServer));
      if (address != null && nameServer.isSubdomainOf(origin)) {
        add(nameServer, ttl, address instanceof java.net.Inet4Address v4
            ? new org.minternet.dns.wire.ARData(v4)
            : new org.minternet.dns.wire.AaaaRData((java.net.Inet6Address) address));
      }
      return this;
    }

    /** {@link #removeRRset} for chaining. */
    public Builder removeRRsetAnd(Name name, int type) {
      removeRRset(name, type);
      return this;
    }

    public RRset rrset(Name name, int type) {
      Map<Integer, RRset> node = nodes.get(name);
      return node == null ? null : node.get(type);
    }

    public Map<Integer, RRset> node(Name name) {
      Map<Integer, RRset> node = nodes.get(name);
      return node == null ? Map.of() : Collections.unmodifiableMap(node);
    }

    /** The problems found by the zone checks (empty when the zone is valid). */
    public List<String> problems() {
      List<String> p = new ArrayList<>();
      RRset soa = rrset(origin, RrTypes.SOA);
      if (soa == null) p.add("no SOA record at the apex " + origin);
      else if (soa.data().size() != 1) p.add("more than one SOA record at the apex " + origin);
      if (rrset(origin, RrTypes.NS) == null) p.add("no NS records at the apex " + origin);
      for (Map.Entry<Name, Map<Integer, RRset>> e : new TreeMap<>(nodes).entrySet()) {
        Name n = e.getKey();
        Map<Integer, RRset> node = e.getValue();
        if (!n.isSubdomainOf(origin)) {
          p.add(n + " is outside the zone " + origin);
          continue;
        }
        if (node.containsKey(RrTypes.SOA) && !n.equals(origin)) p.add("SOA record not at the apex: " + n);
        if (node.containsKey(RrTypes.CNAME) && node.size() > 1) {
          p.add(n + " has a CNAME and other data");
        }
        if (node.containsKey(RrTypes.CNAME) && node.get(RrTypes.CNAME).data().size() > 1) {
          p.add(n + " has more than one CNAME");
        }
        RRset ns = node.get(RrTypes.NS);
        if (ns != null) {
          for (RData d : ns.data()) {
            Name target = ((org.minternet.dns.wire.NsRData) d).target();
            // glue is required below the delegation itself; in-zone names for the apex NS
            boolean required = n.equals(origin)
                ? target.isSubdomainOf(origin) && !belowCut(target)
                : target.isSubdomainOf(n);
            if (required && rrset(target, RrTypes.A) == null
                && rrset(target, RrTypes.AAAA) == null) {
              p.add("no glue (A/AAAA) for the name server " + target + " of " + n);
            }
          }
        }
      }
      return p;
    }

    private boolean belowCut(Name name) {
      for (int i = name.labelCount() - origin.labelCount() - 1; i >= 0; i--) {
        if (rrset(name.suffix(i), RrTypes.NS) != null) return true;
      }
      return false;
    }

    /** Checks and builds; a zone with problems is refused as a whole. */
    public Zone build() throws ZoneException {
      List<String> p = problems();
      if (!p.isEmpty()) throw new ZoneException("zone " + origin + ": " + String.join("; ", p));
      Map<Name, Map<Integer, RRset>> copy = new HashMap<>();
      for (Map.Entry<Name, Map<Integer, RRset>> e : nodes.entrySet()) {
        copy.put(e.getKey(), Map.copyOf(e.getValue()));
      }
      return new Zone(origin, copy);
    }
  }
}
