package org.minternet.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreTest {
  @TempDir Path dir;

  static final List<Migration> MIGRATIONS = List.of(
      new Migration(1, "notes", "CREATE TABLE notes (id ${id}, text VARCHAR(100) NOT NULL);"),
      new Migration(2, "note data", "ALTER TABLE notes ADD COLUMN data ${blob}"));

  private static int count(Store s) {
    return s.read(c -> {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM notes")) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  @Test
  void migrationsApplyOnceInOrderAndSurviveReopening() {
    Path file = dir.resolve("store.db");
    try (Store s = Store.sqlite(file)) {
      assertThat(s.migrate("test", MIGRATIONS)).isEqualTo(2);
      s.inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notes (text, data) VALUES (?, ?)")) {
          ps.setString(1, "kept");
          ps.setBytes(2, new byte[] {1, 2, 3});
          return ps.executeUpdate();
        }
      });
      String mode = s.read(c -> {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
          rs.next();
          return rs.getString(1);
        }
      });
      assertThat(mode).isEqualToIgnoringCase("wal");
    }
    try (Store s = Store.sqlite(file)) {
      assertThat(s.migrate("test", MIGRATIONS)).isEqualTo(2);
      assertThat(s.currentVersion("test")).isEqualTo(2);
      assertThat(count(s)).isEqualTo(1);
    }
  }

  @Test
  void failedTransactionIsRolledBack() {
    try (Store s = Store.sqlite(dir.resolve("r.db"))) {
      s.migrate("test", MIGRATIONS);
      assertThatThrownBy(() -> s.inTransaction(c -> {
        try (Statement st = c.createStatement()) {
          st.executeUpdate("INSERT INTO notes (text) VALUES ('lost')");
          throw new SQLException("simulated failure");
        }
      })).isInstanceOf(StoreException.class);
      assertThat(count(s)).isZero();
    }
  }

  @Test
  void dialectPlaceholdersAreTranslated() {
    try (Store s = Store.inMemory()) {
      assertThat(s.dialect()).isEqualTo(Store.Dialect.SQLITE);
      assertThat(s.translate("a ${id} b ${blob}")).isEqualTo("a INTEGER PRIMARY KEY AUTOINCREMENT b BLOB");
    }
  }
}
