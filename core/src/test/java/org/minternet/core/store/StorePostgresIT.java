package org.minternet.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.minternet.testing.ExternalTool;

/**
 * The same store code against PostgreSQL. Needs MINTERNET_TEST_POSTGRES_URL (set by .ci/run from
 * scripts/test-postgres.sh); skipped locally without it, required under CI.
 */
class StorePostgresIT {
  @Test
  void migrationsAndTransactionsWorkOnPostgres() {
    String url = System.getenv("MINTERNET_TEST_POSTGRES_URL");
    if (url == null && ExternalTool.requiredByCi()) {
      throw new IllegalStateException("MINTERNET_TEST_POSTGRES_URL must be set under CI");
    }
    assumeTrue(url != null, "MINTERNET_TEST_POSTGRES_URL not set");
    String module = "pgtest" + System.nanoTime();
    String table = "notes_" + System.nanoTime();
    try (Store s = Store.open(url)) {
      assertThat(s.dialect()).isEqualTo(Store.Dialect.POSTGRESQL);
      List<Migration> m = List.of(new Migration(1, "t", "CREATE TABLE " + table
          + " (id ${id}, text VARCHAR(100), data ${blob})"));
      assertThat(s.migrate(module, m)).isEqualTo(1);
      assertThat(s.migrate(module, m)).isEqualTo(1);
      s.inTransaction(c -> {
        try (Statement st = c.createStatement()) {
          return st.executeUpdate("INSERT INTO " + table + " (text) VALUES ('x')");
        }
      });
      int n = s.read(c -> {
        try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
          rs.next();
          return rs.getInt(1);
        }
      });
      assertThat(n).isEqualTo(1);
      s.inTransaction(c -> {
        try (Statement st = c.createStatement()) {
          return st.executeUpdate("DROP TABLE " + table);
        }
      });
    }
  }
}
