package org.minternet.dns.server;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.minternet.dns.wire.Name;
import org.minternet.dns.zone.Zone;

/**
 * The zones a server is authoritative for. Readers take the current immutable map without a
 * lock; a change builds a new map and publishes it in one volatile write, so a reload never
 * drops or half-answers a query. Each replacement is also written in a {@link ZoneJournal}, the
 * history incremental transfers are served from.
 */
final class ZoneSet {
  private volatile Map<Name, Zone> zones = Map.of();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ZoneJournal journal = new ZoneJournal();

  ZoneSet(Collection<Zone> initial) {
    replaceAll(initial);
  }

  /** The current set of zones as one immutable object (changes replace it). */
  Object snapshot() {
    return zones;
  }

  /** The zone with the longest origin that contains {@code name}, or null. */
  Zone find(Name name) {
    Map<Name, Zone> z = zones;
    for (Name n = name; ; n = n.parent()) {
      Zone zone = z.get(n);
      if (zone != null) return zone;
      if (n.isRoot()) return null;
    }
  }

  Zone get(Name origin) {
    return zones.get(origin);
  }

  List<Zone> all() {
    return List.copyOf(zones.values());
  }

  void replaceAll(Collection<Zone> newZones) {
    Map<Name, Zone> m = new HashMap<>();
    for (Zone z : newZones) m.put(z.origin(), z);
    writeLock.lock();
    try {
      Map<Name, Zone> old = zones;
      for (Zone z : old.values()) {
        if (!m.containsKey(z.origin())) journal.replaced(z, null);
      }
      for (Zone z : m.values()) journal.replaced(old.get(z.origin()), z);
      zones = Map.copyOf(m);
    } finally {
      writeLock.unlock();
    }
  }

  /** Starts a zone's history with stored changes (see {@link ZoneJournal#seed}). */
  void seedJournal(Zone zone, List<ZoneJournal.Change> stored) {
    journal.seed(zone, stored);
  }

  /** The changes from {@code serial} to the current version of {@code zone}, or null (IXFR). */
  List<ZoneJournal.Change> changesSince(Zone zone, long serial) {
    return journal.since(zone, serial);
  }

  /** Adds or replaces one zone. */
  void put(Zone zone) {
    put(zone, null);
  }

  /** Adds or replaces one zone whose change from the current one is already known (or null). */
  void put(Zone zone, ZoneJournal.Change change) {
    writeLock.lock();
    try {
      Map<Name, Zone> m = new HashMap<>(zones);
      journal.replaced(m.put(zone.origin(), zone), zone, change);
      zones = Map.copyOf(m);
    } finally {
      writeLock.unlock();
    }
  }

  void remove(Name origin) {
    writeLock.lock();
    try {
      Map<Name, Zone> m = new HashMap<>(zones);
      journal.replaced(m.remove(origin), null);
      zones = Map.copyOf(m);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Replaces a zone only if it is still {@code expected} (compare-and-set for UPDATE).
   *
   * @return true if replaced
   */
  boolean replace(Zone expected, Zone zone) {
    writeLock.lock();
    try {
      if (zones.get(zone.origin()) != expected) return false;
      Map<Name, Zone> m = new HashMap<>(zones);
      journal.replaced(m.put(zone.origin(), zone), zone);
      zones = Map.copyOf(m);
      return true;
    } finally {
      writeLock.unlock();
    }
  }

  ReentrantLock writeLock() {
    return writeLock;
  }
}
