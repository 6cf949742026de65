package org.minternet.dns.server;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import org.minternet.core.store.Migration;
import org.minternet.core.store.Store;
import org.minternet.dns.wire.Name;
import org.minternet.dns.zone.Zone;
import org.minternet.dns.zone.ZoneException;
import org.minternet.dns.zone.ZoneFile;

/**
 * Zones changed by dynamic UPDATE, kept in the store: each accepted change writes the whole new
 * zone in one committed transaction before the server answers NOERROR, so an acknowledged
 * change survives a crash.
 */
final class ZoneStore {
  private static final List<Migration> MIGRATIONS = List.of(new Migration(1, "dynamic zones", """
      CREATE TABLE dns_zone (origin VARCHAR(255) NOT NULL PRIMARY KEY, serial ${bigint} NOT NULL,
        zone_text TEXT NOT NULL, updated_at VARCHAR(40) NOT NULL)
      """), new Migration(2, "journal of zone changes, for IXFR", """
      CREATE TABLE dns_journal (id ${id}, origin VARCHAR(255) NOT NULL,
        from_serial ${bigint} NOT NULL, to_serial ${bigint} NOT NULL, change_text TEXT NOT NULL);
      CREATE INDEX dns_journal_origin ON dns_journal (origin, id)
      """));

  private final Store store;

  ZoneStore(Store store) {
    this.store = store;
    store.migrate("dns", MIGRATIONS);
  }

  void save(Zone zone) {
    save(zone, null);
  }

  /**
   * Stores a zone and, in the same transaction, the change that led to it (null: none, and the
   * zone's history starts afresh), keeping the last {@link ZoneJournal#MAX_CHANGES} changes.
   */
  void save(Zone zone, ZoneJournal.Change change) {
    String key = zone.origin().toLowerCase().toString();
    store.inTransaction(c -> {
      if (change == null) {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM dns_journal WHERE origin = ?")) {
          d.setString(1, key);
          d.executeUpdate();
        }
      } else {
        try (PreparedStatement i = c.prepareStatement(
            "INSERT INTO dns_journal (origin, from_serial, to_serial, change_text) VALUES (?,?,?,?)")) {
          i.setString(1, key);
          i.setLong(2, change.from());
          i.setLong(3, change.to());
          i.setString(4, ZoneJournal.toText(change));
          i.executeUpdate();
        }
        trim(c, key);
      }
      try (PreparedStatement d = c.prepareStatement("DELETE FROM dns_zone WHERE origin = ?")) {
        d.setString(1, key);
        d.executeUpdate();
      }
      try (PreparedStatement i = c.prepareStatement(
          "INSERT INTO dns_zone (origin, serial, zone_text, updated_at) VALUES (?,?,?,?)")) {
        i.setString(1, key);
        i.setLong(2, zone.serial());
        i.setString(3, zone.toZoneFile());
        i.setString(4, java.time.Instant.now().toString());
        i.executeUpdate();
      }
      return null;
    });
  }

  /** Keeps the newest {@link ZoneJournal#MAX_CHANGES} changes of an origin. */
  private static void trim(java.sql.Connection c, String key) throws java.sql.SQLException {
    long oldestKept = Long.MIN_VALUE;
    try (PreparedStatement s = c.prepareStatement(
        "SELECT id FROM dns_journal WHERE origin = ? ORDER BY id DESC")) {
      s.setString(1, key);
      s.setMaxRows(ZoneJournal.MAX_CHANGES);
      try (ResultSet rs = s.executeQuery()) {
        int n = 0;
        while (rs.next()) {
          oldestKept = rs.getLong(1);
          n++;
        }
        if (n < ZoneJournal.MAX_CHANGES) return;
      }
    }
    try (PreparedStatement d = c.prepareStatement("DELETE FROM dns_journal WHERE origin = ? AND id < ?")) {
      d.setString(1, key);
      d.setLong(2, oldestKept);
      d.executeUpdate();
    }
  }

  /** The stored changes of a zone, oldest first; unreadable ones end the list. */
  List<ZoneJournal.Change> journal(Name origin) {
    return store.read(c -> {
      List<ZoneJournal.Change> out = new java.util.ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(
          "SELECT change_text FROM dns_journal WHERE origin = ? ORDER BY id")) {
        s.setString(1, origin.toLowerCase().toString());
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            ZoneJournal.Change change = ZoneJournal.fromText(rs.getString(1), origin);
            if (change == null) {
              out.clear(); // a gap: only what follows it could still be a chain
              continue;
            }
            out.add(change);
          }
        }
      }
      return out;
    });
  }

  /** The origins of every stored zone (zones created by UPDATE among them). */
  java.util.List<Name> origins() {
    return store.read(c -> {
      java.util.List<Name> out = new java.util.ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT origin FROM dns_zone ORDER BY origin");
          ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          try {
            out.add(Name.parse(rs.getString(1)));
          } catch (org.minternet.dns.wire.WireFormatException e) {
            // an unreadable row is skipped; the configured zones still load
          }
        }
      }
      return out;
    });
  }

  Optional<Zone> load(Name origin) throws ZoneException {
    String text = store.read(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT zone_text FROM dns_zone WHERE origin = ?")) {
        s.setString(1, origin.toLowerCase().toString());
        try (ResultSet rs = s.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    return text == null ? Optional.empty() : Optional.of(ZoneFile.parse(text, origin, "store " + origin));
  }
}
