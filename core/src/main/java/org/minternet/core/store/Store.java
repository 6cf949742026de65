package org.minternet.core.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JDBC store: SQLite in the data directory by default (WAL mode, so readers never wait for the
 * writer and a commit is durable before the protocol acknowledges), or PostgreSQL given a
 * {@code jdbc:postgresql:} URL. A small pool of connections; modules apply their {@link Migration}s
 * through {@link #migrate}.
 *
 * <p>A unit of work runs in one transaction with {@link #inTransaction}: committed before it
 * returns, rolled back if it throws.
 */
public final class Store implements AutoCloseable {
  /** The database behind the store. */
  public enum Dialect { SQLITE, POSTGRESQL }

  /** A unit of work on one connection inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(30);

  private final String url;
  private final Dialect dialect;
  private final BlockingQueue<Connection> pool;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private volatile boolean closed;

  private Store(String url, int poolSize) throws SQLException {
    this.url = url;
    this.dialect = url.startsWith("jdbc:postgresql:") ? Dialect.POSTGRESQL : Dialect.SQLITE;
    this.pool = new ArrayBlockingQueue<>(poolSize);
    for (int i = 0; i < poolSize; i++) pool.add(open());
  }

  /** Opens the embedded SQLite store in {@code file}, creating it and its directory. */
  public static Store sqlite(Path file) {
    try {
      if (file.getParent() != null) Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new StoreException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
    }
    return open("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /**
   * Opens the SQLite store in {@code file} only if it is there: for commands that read, which must
   * not leave an empty store behind a wrong path.
   *
   * @throws StoreException when there is no such file
   */
  public static Store sqliteExisting(Path file) {
    if (!Files.isRegularFile(file)) throw new StoreException("no store at " + file, null);
    return open("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /** A private in-memory SQLite store (for tests and throw-away worlds). */
  public static Store inMemory() {
    return open("jdbc:sqlite:file:mem" + System.nanoTime() + "?mode=memory&cache=shared");
  }

  /** Opens a store from a JDBC URL ({@code jdbc:sqlite:…} or {@code jdbc:postgresql:…}). */
  public static Store open(String url) {
    try {
      boolean memory = url.contains("mode=memory");
      return new Store(url, memory ? 1 : 8);
    } catch (SQLException e) {
      throw new StoreException("cannot open store " + redact(url) + ": " + e.getMessage(), e);
    }
  }

  private static String redact(String url) {
    return url.replaceAll("password=[^&]*", "password=***");
  }

  private Connection open() throws SQLException {
    Connection c = DriverManager.getConnection(url);
    if (dialect == Dialect.SQLITE) {
      try (Statement s = c.createStatement()) {
        if (!url.contains("mode=memory")) s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("PRAGMA busy_timeout=10000");
        s.execute("PRAGMA foreign_keys=ON");
      }
    }
    return c;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Runs {@code work} in one transaction and commits it before returning. */
  public <T> T inTransaction(Work<T> work) {
    Connection c = borrow();
    boolean ok = false;
    // SQLite has one writer at a time; taking it here avoids SQLITE_BUSY upgrade deadlocks.
    boolean locked = dialect == Dialect.SQLITE;
    if (locked) writeLock.lock();
    try {
      c.setAutoCommit(false);
      T result = work.run(c);
      c.commit();
      ok = true;
      return result;
    } catch (SQLException e) {
      throw new StoreException("store transaction failed: " + e.getMessage(), e);
    } finally {
      if (!ok) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the connection is returned and reset below
        }
      }
      try {
        c.setAutoCommit(true);
      } catch (SQLException ignored) {
        // next borrower resets it
      }
      if (locked) writeLock.unlock();
      pool.add(c);
    }
  }

  /** Runs a read-only query outside an explicit transaction. */
  public <T> T read(Work<T> work) {
    Connection c = borrow();
    try {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException("store read failed: " + e.getMessage(), e);
    } finally {
      pool.add(c);
    }
  }

  private Connection borrow() {
    if (closed) throw new StoreException("store closed", null);
    try {
      Connection c = pool.poll(BORROW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (c == null) throw new StoreException("no store connection free", null);
      return c;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted waiting for the store", e);
    }
  }

  /**
   * Applies the module's migrations that are not applied yet, in version order, each in its own
   * transaction together with its entry in {@code schema_version}.
   *
   * @return the module's schema version afterwards
   */
  public int migrate(String module, List<Migration> migrations) {
    inTransaction(c -> {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (module VARCHAR(64) NOT NULL,"
            + " version INTEGER NOT NULL, description VARCHAR(200), applied_at VARCHAR(40),"
            + " PRIMARY KEY (module, version))");
      }
      return null;
    });
    int current = currentVersion(module);
    for (Migration m : migrations.stream().sorted((a, b) -> a.version() - b.version()).toList()) {
      if (m.version() <= current) continue;
      inTransaction(c -> {
        try (Statement s = c.createStatement()) {
          for (String sql : translate(m.sql()).split(";\\s*(\\n|$)")) {
            if (!sql.isBlank()) s.execute(sql);
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO schema_version (module, version, description, applied_at) VALUES (?,?,?,?)")) {
          ps.setString(1, module);
          ps.setInt(2, m.version());
          ps.setString(3, m.description());
          ps.setString(4, java.time.Instant.now().toString());
          ps.executeUpdate();
        }
        return null;
      });
      current = m.version();
    }
    return current;
  }

  /** The highest applied migration of a module, 0 if none. */
  public int currentVersion(String module) {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT MAX(version) FROM schema_version WHERE module = ?")) {
        ps.setString(1, module);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getInt(1) : 0;
        }
      }
    });
  }

  /** Replaces the dialect placeholders of a migration. */
  public String translate(String sql) {
    return switch (dialect) {
      case SQLITE -> sql.replace("${id}", "INTEGER PRIMARY KEY AUTOINCREMENT")
          .replace("${blob}", "BLOB").replace("${bigint}", "INTEGER");
      case POSTGRESQL -> sql.replace("${id}", "BIGSERIAL PRIMARY KEY")
          .replace("${blob}", "BYTEA").replace("${bigint}", "BIGINT");
    };
  }

  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = pool.poll()) != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
  }
}
