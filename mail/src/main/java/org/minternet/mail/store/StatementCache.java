package org.minternet.mail.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements kept per pooled store connection, for the fixed SQL that the mail servers
 * run on every command (SQLite compiles a statement on each {@code prepareStatement}: about a
 * sixth of the IMAP server's CPU under {@code bench/imap} before this cache). Internal to the
 * store's repositories.
 *
 * <p>Contract: only for constant SQL (the number of entries is bounded by the distinct strings);
 * callers must not close the statement and must close its result sets. A connection is used by
 * one thread at a time (it is borrowed from the store's pool), so its own map needs no lock; the
 * pool's hand-over publishes it to the next borrower.
 */
final class StatementCache {
  private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

  /** The statement for {@code sql} on {@code c}, prepared on first use. */
  PreparedStatement get(Connection c, String sql) throws SQLException {
    Map<String, PreparedStatement> statements = byConnection.computeIfAbsent(c, k -> new HashMap<>());
    PreparedStatement ps = statements.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = c.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }
}
