package org.minternet.mail.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.minternet.core.store.Store;
import org.minternet.mail.message.DsnNotify;

/**
 * The outgoing queue ({@code mail_queue}, {@code mail_queue_rcpt}): messages for remote
 * recipients with each recipient's delivery state, attempts and next attempt.
 *
 * <p>Work is shared between nodes through claims: a node claims due recipients under its name
 * for one attempt ({@link #claimDue}); the attempt's outcome ends the claim
 * ({@link MailStore#recordAttempt}); the node renews the lease while the attempt lasts
 * ({@link #renewClaims}); a node that dies mid-attempt releases its own at its next start
 * ({@link #releaseClaims}), and the claims of a node that never comes back expire with the lease.
 */
public final class OutgoingQueue {
  private static final int MAX_ERROR = 1000;

  private final Store store;

  OutgoingQueue(Store store) {
    this.store = store;
  }

  /** Puts a message for remote recipients in the queue. */
  public long enqueue(Delivery delivery) {
    return store.inTransaction(c -> enqueueIn(c, delivery, delivery.recipients(), Instant.now()));
  }

  /** Queue entries with their pending recipients due at or before {@code now}, oldest first. */
  public List<QueueEntry> due(Instant now, int limit) {
    return entries("r.state = 'PENDING' AND r.next_attempt <= ?", now.toEpochMilli(), limit);
  }

  /**
   * Claims the pending recipients due at {@code now} for one delivery attempt by the node
   * {@code owner}: their next attempt moves to {@code now + lease}, so another queue runner
   * (another node on the same PostgreSQL) does not take them too. Only rows this call moved are
   * returned.
   */
  public List<QueueEntry> claimDue(String owner, Instant now, Duration lease, int limit) {
    List<QueueEntry> due = due(now, limit);
    if (due.isEmpty()) return due;
    Set<Long> claimed = store.inTransaction(c -> {
      Set<Long> ids = new HashSet<>();
      try (PreparedStatement ps = c.prepareStatement("UPDATE mail_queue_rcpt SET next_attempt = ?, claimed_by = ?"
          + " WHERE id = ? AND state = 'PENDING' AND next_attempt <= ?")) {
        for (QueueEntry e : due) {
          for (QueueEntry.QueueRecipient r : e.recipients()) {
            ps.setLong(1, now.plus(lease).toEpochMilli());
            ps.setString(2, owner);
            ps.setLong(3, r.id());
            ps.setLong(4, now.toEpochMilli());
            if (ps.executeUpdate() == 1) ids.add(r.id());
          }
        }
      }
      return ids;
    });
    List<QueueEntry> out = new ArrayList<>();
    for (QueueEntry e : due) {
      List<QueueEntry.QueueRecipient> mine = e.recipients().stream().filter(r -> claimed.contains(r.id())).toList();
      if (!mine.isEmpty()) out.add(new QueueEntry(e.id(), e.sender(), e.envelopeId(), e.ret(), e.created(), mine));
    }
    return out;
  }

  /**
   * Makes the pending recipients that {@code owner} claimed due now: what a node does when it
   * starts, since the claims of its previous run died with it (kill -9, power loss).
   *
   * @return how many were released
   */
  public int releaseClaims(String owner) {
    return store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE mail_queue_rcpt SET next_attempt = ?, claimed_by = NULL"
          + " WHERE claimed_by = ? AND state = 'PENDING'")) {
        ps.setLong(1, System.currentTimeMillis());
        ps.setString(2, owner);
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Extends to {@code until} the lease of those of {@code recipientIds} that {@code owner} still
   * holds (the recipients of its attempt in progress that have no outcome yet).
   *
   * @return how many were renewed
   */
  public int renewClaims(String owner, Collection<Long> recipientIds, Instant until) {
    return store.inTransaction(c -> {
      int n = 0;
      try (PreparedStatement ps = c.prepareStatement("UPDATE mail_queue_rcpt SET next_attempt = ?"
          + " WHERE id = ? AND claimed_by = ? AND state = 'PENDING'")) {
        for (long id : recipientIds) {
          ps.setLong(1, until.toEpochMilli());
          ps.setLong(2, id);
          ps.setString(3, owner);
          n += ps.executeUpdate();
        }
      }
      return n;
    });
  }

  /** Every queue entry with its recipients in any state. */
  public List<QueueEntry> list() {
    return entries(null, 0, Integer.MAX_VALUE);
  }

  /** The earliest next attempt of any pending recipient. */
  public Optional<Instant> nextDue() {
    return store.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT MIN(next_attempt) FROM mail_queue_rcpt WHERE state = 'PENDING'");
          ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.<Instant>empty();
        long v = rs.getLong(1);
        return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(v));
      }
    });
  }

  /** The bytes of a queued message. */
  public Optional<byte[]> content(long queueId) {
    return store.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT content FROM mail_queue WHERE id = ?")) {
        ps.setLong(1, queueId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
        }
      }
    });
  }

  /** Removes queue entries whose recipients are all finished; returns how many. */
  public int purgeFinished() {
    return store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_queue WHERE NOT EXISTS (SELECT 1 FROM"
          + " mail_queue_rcpt r WHERE r.queue_id = mail_queue.id AND r.state = 'PENDING')")) {
        return ps.executeUpdate();
      }
    });
  }

  /** Makes every pending recipient of a queue entry (or all entries, id 0) due now. */
  public int retryNow(long queueId) {
    return store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE mail_queue_rcpt SET next_attempt = ? WHERE"
          + " state = 'PENDING'" + (queueId == 0 ? "" : " AND queue_id = ?"))) {
        ps.setLong(1, System.currentTimeMillis());
        if (queueId != 0) ps.setLong(2, queueId);
        return ps.executeUpdate();
      }
    });
  }

  /** Removes a queue entry without delivering it. */
  public boolean remove(long queueId) {
    return store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_queue WHERE id = ?")) {
        ps.setLong(1, queueId);
        return ps.executeUpdate() > 0;
      }
    });
  }

  // ---------------------------------------------------------------- within other transactions

  long enqueueIn(Connection c, Delivery d, List<Recipient> rcpts, Instant now) throws SQLException {
    long id;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_queue (sender, envelope_id, ret, content,"
        + " created_at) VALUES (?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, d.sender());
      ps.setString(2, d.envelopeId());
      ps.setString(3, d.ret());
      ps.setBytes(4, d.content());
      ps.setLong(5, now.toEpochMilli());
      ps.executeUpdate();
      id = Rows.generatedId(ps);
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_queue_rcpt (queue_id, recipient, domain,"
        + " notify, orcpt, state, attempts, next_attempt) VALUES (?,?,?,?,?,?,0,?)")) {
      for (Recipient r : rcpts) {
        ps.setLong(1, id);
        ps.setString(2, r.address());
        ps.setString(3, r.domain());
        ps.setString(4, r.dsnNotify() == null ? null : r.dsnNotify().toString());
        ps.setString(5, r.orcpt());
        ps.setString(6, QueueEntry.State.PENDING.name());
        ps.setLong(7, now.toEpochMilli());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return id;
  }

  /** Writes the recipients' outcomes of an attempt, which ends their claims. */
  void recordIn(Connection c, List<QueueAttempt.RecipientResult> results) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE mail_queue_rcpt SET state = ?, attempts = attempts + 1,"
        + " next_attempt = ?, last_error = ?, claimed_by = NULL WHERE id = ?")) {
      for (QueueAttempt.RecipientResult r : results) {
        ps.setString(1, r.state().name());
        ps.setLong(2, r.nextAttempt().toEpochMilli());
        ps.setString(3, Rows.truncate(r.error(), MAX_ERROR));
        ps.setLong(4, r.recipientId());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private List<QueueEntry> entries(String where, long param, int limit) {
    return store.read(c -> {
      Map<Long, List<QueueEntry.QueueRecipient>> rcpts = new LinkedHashMap<>();
      String sql = "SELECT r.id, r.queue_id, r.recipient, r.domain, r.notify, r.orcpt, r.state, r.attempts,"
          + " r.next_attempt, r.last_error FROM mail_queue_rcpt r"
          + (where == null ? "" : " WHERE " + where) + " ORDER BY r.queue_id, r.id";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        if (where != null) ps.setLong(1, param);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long q = rs.getLong(2);
            if (!rcpts.containsKey(q) && rcpts.size() >= limit) break;
            rcpts.computeIfAbsent(q, k -> new ArrayList<>()).add(new QueueEntry.QueueRecipient(rs.getLong(1),
                rs.getString(3), rs.getString(4), notify(rs.getString(5)), rs.getString(6),
                QueueEntry.State.valueOf(rs.getString(7)), rs.getInt(8), Instant.ofEpochMilli(rs.getLong(9)),
                rs.getString(10)));
          }
        }
      }
      List<QueueEntry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT sender, envelope_id, ret, created_at FROM mail_queue WHERE id = ?")) {
        for (Map.Entry<Long, List<QueueEntry.QueueRecipient>> e : rcpts.entrySet()) {
          ps.setLong(1, e.getKey());
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              out.add(new QueueEntry(e.getKey(), rs.getString(1), rs.getString(2), rs.getString(3),
                  Instant.ofEpochMilli(rs.getLong(4)), List.copyOf(e.getValue())));
            }
          }
        }
      }
      return out;
    });
  }

  /** NOTIFY as stored: its canonical text ({@link DsnNotify#toString}), or NULL when none was given. */
  private static DsnNotify notify(String stored) {
    return stored == null ? null : DsnNotify.parse(stored);
  }
}
