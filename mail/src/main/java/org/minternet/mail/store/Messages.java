package org.minternet.mail.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.minternet.core.store.Store;

/**
 * The messages of the mailboxes ({@code mail_message}) as the exact bytes received, with their
 * flags and modseqs, and the tombstones of expunged ones ({@code mail_expunged}) that QRESYNC
 * needs (RFC 7162 §3.2). UIDs and modseqs come from {@link Mailboxes}. Every write is one
 * {@link GroupCommit} write, committed before it returns, and tells the listeners which mailbox
 * changed.
 */
public final class Messages {
  private static final String SELECT_INFO = "SELECT uid, modseq, flags, internal_date, size FROM mail_message";

  private final Store store;
  private final StatementCache statements;
  private final Mailboxes mailboxes;
  private final MailboxChanges changes;
  private final GroupCommit group;

  Messages(Store store, StatementCache statements, Mailboxes mailboxes, MailboxChanges changes) {
    this.store = store;
    this.statements = statements;
    this.mailboxes = mailboxes;
    this.changes = changes;
    this.group = new GroupCommit(store);
  }

  /** A message appended: its UID and the modseq of the append. */
  public record Appended(long uid, long modseq) {}

  /** Appends a message (IMAP APPEND, the Sent copy of the user agent). */
  public Appended append(long mailboxId, byte[] content, Set<String> flags, Instant internalDate) {
    Appended appended = group.write(c -> appendIn(c, mailboxId, content, flags, internalDate));
    changes.changed(mailboxId);
    return appended;
  }

  /** Metadata of every message of a mailbox in UID order. */
  public List<MessageInfo> list(long mailboxId) {
    return infos("mailbox_id = ? ORDER BY uid", mailboxId, -1);
  }

  /** Messages whose modseq is above {@code modseq} (new ones and flag changes), in UID order. */
  public List<MessageInfo> changedSince(long mailboxId, long modseq) {
    return infos("mailbox_id = ? AND modseq > ? ORDER BY uid", mailboxId, modseq);
  }

  private List<MessageInfo> infos(String where, long mailboxId, long modseq) {
    return store.read(c -> {
      List<MessageInfo> out = new ArrayList<>();
      PreparedStatement ps = statements.get(c, SELECT_INFO + " WHERE " + where);
      ps.setLong(1, mailboxId);
      if (modseq >= 0) ps.setLong(2, modseq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(info(rs));
      }
      return out;
    });
  }

  /** UIDs expunged after {@code modseq} (from the tombstones kept for QRESYNC). */
  public List<Long> expungedSince(long mailboxId, long modseq) {
    return store.read(c -> {
      List<Long> out = new ArrayList<>();
      PreparedStatement ps = statements.get(c,
          "SELECT uid FROM mail_expunged WHERE mailbox_id = ? AND modseq > ? ORDER BY uid");
      ps.setLong(1, mailboxId);
      ps.setLong(2, modseq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getLong(1));
      }
      return out;
    });
  }

  /** The exact bytes of a message, if it exists. */
  public Optional<byte[]> content(long mailboxId, long uid) {
    return Optional.ofNullable(contents(mailboxId, List.of(uid)).get(uid));
  }

  /** The bytes of several messages in one query (missing ones are absent from the map). */
  public Map<Long, byte[]> contents(long mailboxId, List<Long> uids) {
    if (uids.isEmpty()) return Map.of();
    return store.read(c -> {
      Map<Long, byte[]> out = new HashMap<>();
      StringBuilder sql = new StringBuilder("SELECT uid, content FROM mail_message WHERE mailbox_id = ? AND uid IN (");
      for (int i = 0; i < uids.size(); i++) sql.append(i == 0 ? "?" : ",?");
      try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
        ps.setLong(1, mailboxId);
        for (int i = 0; i < uids.size(); i++) ps.setLong(i + 2, uids.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.put(rs.getLong(1), rs.getBytes(2));
        }
      }
      return out;
    });
  }

  /**
   * Takes the stored {@code \Recent} marker off these messages; the session that succeeds owns
   * them as recent (RFC 3501 §2.3.2: recent to exactly one session). The visible flags do not
   * change, so no modseq is spent.
   *
   * @param storedFlags the flags as the session read them, by UID
   */
  public Set<Long> claimRecent(long mailboxId, Map<Long, Set<String>> storedFlags) {
    if (storedFlags.isEmpty()) return Set.of();
    return group.write(c -> {
      Set<Long> claimed = new LinkedHashSet<>();
      PreparedStatement ps = statements.get(c, "UPDATE mail_message SET flags = ?"
          + " WHERE mailbox_id = ? AND uid = ? AND flags = ?");
      for (Map.Entry<Long, Set<String>> e : storedFlags.entrySet()) {
        ps.setString(1, StoredFlags.encode(StoredFlags.visible(e.getValue())));
        ps.setLong(2, mailboxId);
        ps.setLong(3, e.getKey());
        ps.setString(4, StoredFlags.encode(e.getValue()));
        if (ps.executeUpdate() > 0) claimed.add(e.getKey());
      }
      return claimed;
    });
  }

  /** Outcome of a flag update: the new modseq (0 if nothing changed), the new flags by UID, and UIDs refused. */
  public record FlagUpdate(long modseq, Map<Long, MessageInfo> updated, List<Long> modified) {}

  /**
   * Applies {@code change} to each UID's visible flags in one transaction under one new modseq
   * (RFC 7162 §3.1.3); the recent marker stays as it was. Messages whose modseq exceeds
   * {@code unchangedSince} (if ≥ 0) are left alone and reported.
   */
  public FlagUpdate updateFlags(long mailboxId, Collection<Long> uids, UnaryOperator<Set<String>> change,
      long unchangedSince) {
    FlagUpdate result = group.write(c -> {
      Map<Long, MessageInfo> updated = new LinkedHashMap<>();
      List<Long> modified = new ArrayList<>();
      long modseq = 0;
      PreparedStatement read = statements.get(c, SELECT_INFO + " WHERE mailbox_id = ? AND uid = ?");
      PreparedStatement write = statements.get(c,
          "UPDATE mail_message SET flags = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?");
      for (long uid : uids) {
        read.setLong(1, mailboxId);
        read.setLong(2, uid);
        MessageInfo m;
        try (ResultSet rs = read.executeQuery()) {
          if (!rs.next()) continue;
          m = info(rs);
        }
        if (unchangedSince >= 0 && m.modseq() > unchangedSince) {
          modified.add(uid);
          continue;
        }
        Set<String> stored = m.flags();
        Set<String> next = new TreeSet<>(change.apply(StoredFlags.visible(stored)));
        next.remove(StoredFlags.RECENT);
        if (next.equals(new TreeSet<>(StoredFlags.visible(stored)))) {
          if (unchangedSince >= 0) updated.put(uid, m); // reported with its current modseq
          continue;
        }
        if (stored.contains(StoredFlags.RECENT)) next.add(StoredFlags.RECENT);
        if (modseq == 0) modseq = mailboxes.nextModseq(c, mailboxId);
        write.setString(1, StoredFlags.encode(next));
        write.setLong(2, modseq);
        write.setLong(3, mailboxId);
        write.setLong(4, uid);
        write.executeUpdate();
        updated.put(uid, new MessageInfo(uid, modseq, Set.copyOf(next), m.internalDate(), m.size()));
      }
      return new FlagUpdate(modseq, updated, modified);
    });
    if (result.modseq() != 0) changes.changed(mailboxId);
    return result;
  }

  /** Messages expunged: the modseq of the expunge (0 if none was asked) and the UIDs actually removed. */
  public record Expunged(long modseq, List<Long> removed) {}

  /** Removes messages by UID, remembering them with a modseq for QRESYNC. */
  public Expunged expunge(long mailboxId, Collection<Long> uids) {
    if (uids.isEmpty()) return new Expunged(0, List.of());
    Expunged result = group.write(c -> {
      long ms = mailboxes.nextModseq(c, mailboxId);
      return new Expunged(ms, deleteWithTombstones(c, mailboxId, uids, ms));
    });
    changes.changed(mailboxId);
    return result;
  }

  /** Result of COPY or MOVE: the destination's UIDVALIDITY and the UID pairs (RFC 4315 COPYUID). */
  public record Copied(long uidValidity, List<Long> sourceUids, List<Long> destinationUids) {}

  /**
   * Copies messages (content, visible flags plus the recent marker, internal date) into another
   * mailbox with new UIDs, and for MOVE expunges them from the source in the same transaction
   * (RFC 6851 §3.3: atomic).
   */
  public Copied copy(long sourceId, Collection<Long> uids, long destinationId, boolean move) {
    Copied result = group.write(c -> {
      long validity = mailboxes.uidValidity(c, destinationId);
      List<Long> src = new ArrayList<>();
      List<Long> dst = new ArrayList<>();
      PreparedStatement flags = statements.get(c, "SELECT flags FROM mail_message WHERE mailbox_id = ? AND uid = ?");
      PreparedStatement insert = statements.get(c, "INSERT INTO mail_message (mailbox_id, uid, modseq, flags,"
          + " internal_date, size, content) SELECT ?, ?, ?, ?, internal_date, size, content"
          + " FROM mail_message WHERE mailbox_id = ? AND uid = ?");
      for (long uid : uids) {
        flags.setLong(1, sourceId);
        flags.setLong(2, uid);
        Set<String> f;
        try (ResultSet rs = flags.executeQuery()) {
          if (!rs.next()) continue;
          f = new TreeSet<>(StoredFlags.visible(StoredFlags.decode(rs.getString(1))));
        }
        f.add(StoredFlags.RECENT);
        long[] next = mailboxes.nextUid(c, destinationId);
        insert.setLong(1, destinationId);
        insert.setLong(2, next[0]);
        insert.setLong(3, next[1]);
        insert.setString(4, StoredFlags.encode(f));
        insert.setLong(5, sourceId);
        insert.setLong(6, uid);
        insert.executeUpdate();
        src.add(uid);
        dst.add(next[0]);
      }
      if (move && !src.isEmpty()) deleteWithTombstones(c, sourceId, src, mailboxes.nextModseq(c, sourceId));
      return new Copied(validity, src, dst);
    });
    changes.changed(destinationId);
    if (move) changes.changed(sourceId);
    return result;
  }

  /** Counts for STATUS (RFC 9051 §6.3.11). */
  public record StatusCounts(long messages, long recent, long unseen, long deleted, long size) {}

  public StatusCounts status(long mailboxId) {
    return store.read(c -> {
      long messages = 0, recent = 0, unseen = 0, deleted = 0, size = 0;
      PreparedStatement ps = statements.get(c, "SELECT flags, size FROM mail_message WHERE mailbox_id = ?");
      ps.setLong(1, mailboxId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Set<String> f = StoredFlags.decode(rs.getString(1));
          messages++;
          if (f.contains(StoredFlags.RECENT)) recent++;
          if (!f.contains("\\Seen")) unseen++;
          if (f.contains("\\Deleted")) deleted++;
          size += rs.getLong(2);
        }
      }
      return new StatusCounts(messages, recent, unseen, deleted, size);
    });
  }

  // ---------------------------------------------------------------- within other transactions

  Appended appendIn(Connection c, long mailboxId, byte[] content, Set<String> flags, Instant date)
      throws SQLException {
    long[] next = mailboxes.nextUid(c, mailboxId);
    PreparedStatement ps = statements.get(c, "INSERT INTO mail_message (mailbox_id, uid, modseq, flags,"
        + " internal_date, size, content) VALUES (?,?,?,?,?,?,?)");
    ps.setLong(1, mailboxId);
    ps.setLong(2, next[0]);
    ps.setLong(3, next[1]);
    ps.setString(4, StoredFlags.encode(flags));
    ps.setLong(5, date.toEpochMilli());
    ps.setLong(6, content.length);
    ps.setBytes(7, content);
    ps.executeUpdate();
    return new Appended(next[0], next[1]);
  }

  /** Moves every message of one mailbox to another, leaving tombstones under {@code modseq} in the first. */
  void moveAll(Connection c, long fromId, long toId, long modseq) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE mail_message SET mailbox_id = ? WHERE mailbox_id = ?")) {
      ps.setLong(1, toId);
      ps.setLong(2, fromId);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_expunged (mailbox_id, uid, modseq)"
        + " SELECT ?, uid, ? FROM mail_message WHERE mailbox_id = ?")) {
      ps.setLong(1, fromId);
      ps.setLong(2, modseq);
      ps.setLong(3, toId);
      ps.executeUpdate();
    }
  }

  private List<Long> deleteWithTombstones(Connection c, long mailboxId, Collection<Long> uids, long ms)
      throws SQLException {
    List<Long> removed = new ArrayList<>();
    PreparedStatement del = statements.get(c, "DELETE FROM mail_message WHERE mailbox_id = ? AND uid = ?");
    PreparedStatement tomb = statements.get(c, "INSERT INTO mail_expunged (mailbox_id, uid, modseq) VALUES (?,?,?)");
    for (long uid : uids) {
      del.setLong(1, mailboxId);
      del.setLong(2, uid);
      if (del.executeUpdate() > 0) {
        tomb.setLong(1, mailboxId);
        tomb.setLong(2, uid);
        tomb.setLong(3, ms);
        tomb.executeUpdate();
        removed.add(uid);
      }
    }
    return removed;
  }

  private static MessageInfo info(ResultSet rs) throws SQLException {
    return new MessageInfo(rs.getLong(1), rs.getLong(2), StoredFlags.decode(rs.getString(3)),
        Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5));
  }
}
