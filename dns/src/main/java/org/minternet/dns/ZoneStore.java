package org.minternet.dns;

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
      """));

  private final Store store;

  ZoneStore(Store store) {
    this.store = store;
    store.migrate("dns", MIGRATIONS);
  }

  void save(Zone zone) {
    String key = zone.origin().toLowerCase().toString();
    store.inTransaction(c -> {
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
