package org.minternet.dns.server;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.minternet.core.store.StoreException;
import org.minternet.dns.wire.CnameRData;
import org.minternet.dns.wire.DnsClass;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.SoaRData;
import org.minternet.dns.wire.Tsig;
import org.minternet.dns.wire.UnknownRData;
import org.minternet.dns.zone.RRset;
import org.minternet.dns.zone.Zone;
import org.minternet.dns.zone.ZoneException;

/**
 * Dynamic UPDATE (RFC 2136) signed with TSIG (RFC 8945): checks the prerequisites, applies the
 * changes to a copy of the zone, increments the SOA serial, stores the new zone durably and only
 * then publishes it and answers NOERROR. Updates of one server are applied one at a time.
 */
final class Updater {
  private static final Logger LOG = System.getLogger(Updater.class.getName());

  private final ZoneSet zones;
  private final Map<Name, Tsig.Key> keys;
  private final ZoneStore store;
  private final Consumer<Zone> changed;

  Updater(ZoneSet zones, Map<Name, Tsig.Key> keys, ZoneStore store, Consumer<Zone> changed) {
    this.zones = zones;
    this.keys = keys;
    this.store = store;
    this.changed = changed;
  }

  /** Thrown inside an update to stop with an rcode. */
  private static final class Refusal extends Exception {
    final int rcode;

    Refusal(int rcode) {
      super(Rcode.toText(rcode), null, false, false);
      this.rcode = rcode;
    }
  }

  byte[] handle(byte[] data, int length, Message query) {
    Tsig.Verification v = Tsig.verify(data, length, query, keys::get, null,
        System.currentTimeMillis() / 1000);
    if (v.status() == Tsig.Status.FORMERR) return plain(query, Rcode.FORMERR);
    if (v.status() == Tsig.Status.UNSIGNED || keys.isEmpty()) return plain(query, Rcode.REFUSED);
    if (v.status() != Tsig.Status.VALID) return plain(query, Rcode.NOTAUTH);
    int rcode;
    try {
      rcode = apply(query);
    } catch (Refusal r) {
      rcode = r.rcode;
    }
    Message response = new Message(query.header().response(rcode), query.questions(), List.of(),
        List.of(), List.of(), null);
    return Tsig.sign(response.encode(), v.key(), System.currentTimeMillis() / 1000, v.mac(), 0);
  }

  private static byte[] plain(Message query, int rcode) {
    Header h = query.header().response(rcode);
    return new Message(h, query.questions(), List.of(), List.of(), List.of(), null).encode();
  }

  private int apply(Message query) throws Refusal {
    if (query.questions().size() != 1 || query.question().type() != RrTypes.SOA) {
      throw new Refusal(Rcode.FORMERR);
    }
    Name origin = query.question().name();
    zones.writeLock().lock();
    try {
      Zone zone = zones.get(origin);
      if (zone == null) return createZone(query, origin);
      java.util.Map<java.util.List<Object>, java.util.Set<org.minternet.dns.wire.RData>> valueSets =
          new java.util.LinkedHashMap<>();
      for (Record p : query.answers()) {
        if (p.dnsClass() == DnsClass.IN) {
          if (p.ttl() != 0) throw new Refusal(Rcode.FORMERR);
          if (!p.name().isSubdomainOf(zone.origin())) throw new Refusal(Rcode.NOTZONE);
          valueSets.computeIfAbsent(java.util.List.of(p.name(), p.type()), k -> new java.util.HashSet<>())
              .add(p.data());
        } else {
          prerequisite(zone, p);
        }
      }
      // value-dependent: the RRset must be exactly the records given (RFC 2136 §3.2.3)
      for (var e : valueSets.entrySet()) {
        RRset s = zone.rrset((Name) e.getKey().get(0), (Integer) e.getKey().get(1));
        if (s == null || !new java.util.HashSet<>(s.data()).equals(e.getValue())) {
          throw new Refusal(Rcode.NXRRSET);
        }
      }
      Zone.Builder b = zone.toBuilder();
      boolean serialSet = false;
      boolean any = false;
      for (Record u : query.authority()) {
        if (!u.name().isSubdomainOf(origin)) throw new Refusal(Rcode.NOTZONE);
        int t = u.type();
        if (t == RrTypes.OPT || t == RrTypes.TSIG || t == RrTypes.AXFR || t == RrTypes.IXFR) {
          throw new Refusal(Rcode.FORMERR);
        }
        if (u.dnsClass() == DnsClass.IN) {
          if (t == RrTypes.ANY) throw new Refusal(Rcode.FORMERR);
          if (u.data() instanceof UnknownRData ud && RrTypes.isKnown(t)) throw new Refusal(Rcode.FORMERR);
          if (t == RrTypes.SOA) {
            if (!u.name().equals(origin)) continue;
            SoaRData now = zone.soa();
            if (SoaRData.serialNewer(((SoaRData) u.data()).serial(), now.serial())) {
              b.removeRRset(origin, RrTypes.SOA);
              b.add(u);
              serialSet = true;
              any = true;
            }
            continue;
          }
          Map<Integer, RRset> node = b.node(u.name());
          if (t == RrTypes.CNAME && !node.isEmpty() && !node.containsKey(RrTypes.CNAME)) continue;
          if (t != RrTypes.CNAME && node.containsKey(RrTypes.CNAME)) continue;
          if (t == RrTypes.CNAME) b.removeRRset(u.name(), RrTypes.CNAME);
          RRset before = b.rrset(u.name(), t);
          b.add(u);
          any |= before == null || !before.data().contains(u.data());
        } else if (u.dnsClass() == DnsClass.ANY) {
          if (u.ttl() != 0 || !(u.data() instanceof UnknownRData d) || d.data().length != 0) {
            throw new Refusal(Rcode.FORMERR);
          }
          if (u.name().equals(origin) && (t == RrTypes.SOA || t == RrTypes.NS)) continue;
          if (t == RrTypes.ANY && u.name().equals(origin)) {
            for (Integer type : List.copyOf(b.node(origin).keySet())) {
              if (type != RrTypes.SOA && type != RrTypes.NS) any |= b.removeRRset(origin, type);
            }
          } else {
            any |= b.removeRRset(u.name(), t);
          }
        } else if (u.dnsClass() == DnsClass.NONE) {
          if (u.ttl() != 0 || t == RrTypes.ANY) throw new Refusal(Rcode.FORMERR);
          if (t == RrTypes.SOA) continue;
          if (t == RrTypes.NS && u.name().equals(origin) && b.rrset(origin, RrTypes.NS).data().size() == 1) {
            continue; // never delete the last apex NS (RFC 2136 §3.4.2.4)
          }
          any |= b.remove(u.name(), t, u.data());
        } else {
          throw new Refusal(Rcode.FORMERR);
        }
      }
      if (!any) return Rcode.NOERROR;
      if (!serialSet) {
        Record soa = zone.soaRecord();
        b.removeRRset(origin, RrTypes.SOA);
        b.add(soa.withData(zone.soa().withSerial(zone.serial() + 1)));
      }
      Zone next;
      try {
        next = b.build();
      } catch (ZoneException e) {
        LOG.log(Level.INFO, () -> "update refused: " + e.getMessage());
        throw new Refusal(Rcode.REFUSED);
      }
      ZoneJournal.Change change = ZoneJournal.diff(zone, next);
      if (store != null) {
        try {
          store.save(next, change);
        } catch (StoreException e) {
          LOG.log(Level.ERROR, "cannot store the updated zone " + origin, e);
          throw new Refusal(Rcode.SERVFAIL);
        }
      }
      zones.put(next, change);
      changed.accept(next);
      return Rcode.NOERROR;
    } finally {
      zones.writeLock().unlock();
    }
  }

  /**
   * Creates a zone this server does not serve yet from a signed UPDATE that adds its SOA and NS
   * records at the apex (and any other records below it), with no prerequisites — how
   * {@code minternet dns register --create-on} provisions a new domain's zone on its authoritative
   * server, like {@code rndc addzone} but in-band. The zone is checked, stored, then served.
   * Called with the write lock held.
   */
  private int createZone(Message query, Name origin) throws Refusal {
    if (!query.answers().isEmpty()) throw new Refusal(Rcode.NOTAUTH);
    Zone.Builder b = Zone.builder(origin);
    boolean soa = false;
    boolean ns = false;
    for (Record u : query.authority()) {
      if (u.dnsClass() != DnsClass.IN || !u.name().isSubdomainOf(origin)) throw new Refusal(Rcode.NOTAUTH);
      int t = u.type();
      if (t == RrTypes.OPT || t == RrTypes.TSIG || t == RrTypes.ANY || t == RrTypes.AXFR || t == RrTypes.IXFR) {
        throw new Refusal(Rcode.FORMERR);
      }
      soa |= t == RrTypes.SOA && u.name().equals(origin);
      ns |= t == RrTypes.NS && u.name().equals(origin);
      b.add(u);
    }
    if (!soa || !ns) throw new Refusal(Rcode.NOTAUTH);
    Zone created;
    try {
      created = b.build();
    } catch (ZoneException e) {
      LOG.log(Level.INFO, () -> "zone creation refused: " + e.getMessage());
      throw new Refusal(Rcode.REFUSED);
    }
    if (store != null) {
      try {
        store.save(created);
      } catch (StoreException e) {
        LOG.log(Level.ERROR, "cannot store the new zone " + origin, e);
        throw new Refusal(Rcode.SERVFAIL);
      }
    }
    zones.put(created);
    changed.accept(created);
    LOG.log(Level.INFO, () -> "zone " + origin + " created by UPDATE");
    return Rcode.NOERROR;
  }

  private static void prerequisite(Zone zone, Record p) throws Refusal {
    if (p.ttl() != 0) throw new Refusal(Rcode.FORMERR);
    if (!p.name().isSubdomainOf(zone.origin())) throw new Refusal(Rcode.NOTZONE);
    Map<Integer, RRset> node = zone.node(p.name());
    int t = p.type();
    boolean empty = p.data() instanceof UnknownRData u && u.data().length == 0;
    switch (p.dnsClass()) {
      case DnsClass.ANY -> {
        if (!empty) throw new Refusal(Rcode.FORMERR);
        if (t == RrTypes.ANY) {
          if (node.isEmpty()) throw new Refusal(Rcode.NXDOMAIN);
        } else if (!node.containsKey(t)) {
          throw new Refusal(Rcode.NXRRSET);
        }
      }
      case DnsClass.NONE -> {
        if (!empty) throw new Refusal(Rcode.FORMERR);
        if (t == RrTypes.ANY) {
          if (!node.isEmpty()) throw new Refusal(Rcode.YXDOMAIN);
        } else if (node.containsKey(t)) {
          throw new Refusal(Rcode.YXRRSET);
        }
      }
      default -> throw new Refusal(Rcode.FORMERR);
    }
  }
}
