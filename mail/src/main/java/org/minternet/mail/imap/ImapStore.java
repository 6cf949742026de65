package org.minternet.mail.imap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.minternet.core.store.Store;
import org.minternet.mail.message.MessageFormatException;
import org.minternet.mail.message.MessageHeader;
import org.minternet.mail.message.MimePart;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.Mailbox;
import org.minternet.mail.store.MessageInfo;
import org.minternet.mail.store.StatementCache;

/**
 * The queries IMAP needs beyond {@link MailStore}, in SQL over the mail schema's tables
 * ({@code mail_mailbox}, {@code mail_message}, {@code mail_expunged}): changes since a
 * modification sequence, flag updates of many messages under one new modseq with
 * UNCHANGEDSINCE (RFC 7162 §3.1.3), copy and move in one transaction, rename with inferiors and
 * the special rename of INBOX, delete, subscriptions, status counts. Every write is one
 * transaction and tells the {@link MailboxEvents} hub which mailboxes changed.
 */
final class ImapStore {
  private final MailStore mail;
  private final Store store;
  private final MailboxEvents events;

  /** Most writes committed together by one group commit. */
  static final int MAX_GROUP = 64;

  private final java.util.concurrent.locks.ReentrantLock groupLock = new java.util.concurrent.locks.ReentrantLock();
  private final java.util.concurrent.ConcurrentLinkedQueue<PendingWrite<?>> pending =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** A write waiting for the next group commit. */
  private static final class PendingWrite<T> {
    final Store.Work<T> work;
    T value;
    RuntimeException failure;
    volatile boolean done;

    PendingWrite(Store.Work<T> work) {
      this.work = work;
    }
  }

  private final StatementCache statements = new StatementCache();

  ImapStore(MailStore mail, MailboxEvents events) {
    this.mail = mail;
    this.store = mail.store();
    this.events = events;
    store.migrate("mail-imap", MIGRATIONS);
  }

  /** Indexes for the questions IMAP asks often: what changed or vanished since a modseq. */
  static final List<org.minternet.core.store.Migration> MIGRATIONS = List.of(
      new org.minternet.core.store.Migration(1, "modseq indexes for CONDSTORE, QRESYNC and IDLE", """
          CREATE INDEX imap_message_modseq ON mail_message (mailbox_id, modseq);
          CREATE INDEX imap_expunged_modseq ON mail_expunged (mailbox_id, modseq)
          """));

  MailStore mail() {
    return mail;
  }

  /** The counters of a mailbox; null if it no longer exists. */
  record Counters(long uidValidity, long uidNext, long highestModseq) {}

  Counters counters(long mailboxId) {
    return store.read(c -> {
      PreparedStatement ps = statements.get(c,
          "SELECT uid_validity, uid_next, highest_modseq FROM mail_mailbox WHERE id = ?");
      ps.setLong(1, mailboxId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3)) : null;
      }
    });
  }

  /** Messages whose modseq is above {@code modseq} (new ones and flag changes), in UID order. */
  List<MessageInfo> changedSince(long mailboxId, long modseq) {
    return store.read(c -> {
      List<MessageInfo> out = new ArrayList<>();
      PreparedStatement ps = statements.get(c, "SELECT uid, modseq, flags, internal_date, size"
          + " FROM mail_message WHERE mailbox_id = ? AND modseq > ? ORDER BY uid");
      ps.setLong(1, mailboxId);
      ps.setLong(2, modseq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(info(rs));
      }
      return out;
    });
  }

  /** UIDs expunged after {@code modseq} (from the tombstones kept for QRESYNC). */
  List<Long> expungedSince(long mailboxId, long modseq) {
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

  /**
   * Takes the stored {@code \Recent} marker off these messages; the session that succeeds owns
   * them as recent (RFC 3501 §2.3.2: recent to exactly one session). The visible flags do not
   * change, so no modseq is spent.
   */
  Set<Long> claimRecent(long mailboxId, Map<Long, Set<String>> storedFlags) {
    if (storedFlags.isEmpty()) return Set.of();
    return write(c -> {
      Set<Long> claimed = new LinkedHashSet<>();
      PreparedStatement ps = statements.get(c, "UPDATE mail_message SET flags = ?"
          + " WHERE mailbox_id = ? AND uid = ? AND flags = ?");
      for (Map.Entry<Long, Set<String>> e : storedFlags.entrySet()) {
        ps.setString(1, format(Flags.visible(e.getValue())));
        ps.setLong(2, mailboxId);
        ps.setLong(3, e.getKey());
        ps.setString(4, format(e.getValue()));
        if (ps.executeUpdate() > 0) claimed.add(e.getKey());
      }
      return claimed;
    });
  }

  /** Outcome of a flag update: the new modseq, the new flags by UID, and UIDs refused. */
  record FlagUpdate(long modseq, Map<Long, MessageInfo> updated, List<Long> modified) {}

  /**
   * Applies {@code change} to each UID's flags in one transaction under one new modseq.
   * Messages whose modseq exceeds {@code unchangedSince} (if ≥ 0) are left alone and reported.
   */
  FlagUpdate updateFlags(long mailboxId, Collection<Long> uids, java.util.function.UnaryOperator<Set<String>> change,
      long unchangedSince) {
    FlagUpdate result = write(c -> {
      Map<Long, MessageInfo> updated = new java.util.LinkedHashMap<>();
      List<Long> modified = new ArrayList<>();
      long modseq = 0;
      PreparedStatement read = statements.get(c, "SELECT uid, modseq, flags, internal_date, size"
          + " FROM mail_message WHERE mailbox_id = ? AND uid = ?");
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
        Set<String> next = new TreeSet<>(change.apply(Flags.visible(stored)));
        next.remove(Flags.RECENT);
        if (next.equals(new TreeSet<>(Flags.visible(stored)))) {
          if (unchangedSince >= 0) updated.put(uid, m); // reported with its current modseq
          continue;
        }
        if (stored.contains(Flags.RECENT)) next.add(Flags.RECENT);
        if (modseq == 0) modseq = nextModseq(c, mailboxId);
        write.setString(1, format(next));
        write.setLong(2, modseq);
        write.setLong(3, mailboxId);
        write.setLong(4, uid);
        write.executeUpdate();
        updated.put(uid, new MessageInfo(uid, modseq, Set.copyOf(next), m.internalDate(), m.size()));
      }
      return new FlagUpdate(modseq, updated, modified);
    });
    if (result.modseq() != 0) events.changed(mailboxId);
    return result;
  }

  /**
   * Runs a write in a group commit: writes that arrive while another group is being committed
   * wait and are then committed together in one transaction, each in its own savepoint so that
   * one failing write does not undo the others. Each write is committed before this returns, as
   * the protocol requires before its OK; the group only shares the cost of the commit.
   */
  <T> T write(Store.Work<T> work) {
    PendingWrite<T> p = new PendingWrite<>(work);
    pending.add(p);
    groupLock.lock();
    try {
      if (!p.done) commitGroup();
    } finally {
      groupLock.unlock();
    }
    if (p.failure != null) throw p.failure;
    return p.value;
  }

  private void commitGroup() {
    List<PendingWrite<?>> group = new ArrayList<>();
    PendingWrite<?> next;
    while (group.size() < MAX_GROUP && (next = pending.poll()) != null) group.add(next);
    try {
      store.inTransaction(c -> {
        for (PendingWrite<?> w : group) run(c, w);
        return null;
      });
    } catch (RuntimeException e) {
      for (PendingWrite<?> w : group) if (w.failure == null) w.failure = e;
    }
    for (PendingWrite<?> w : group) w.done = true;
  }

  private static <T> void run(Connection c, PendingWrite<T> w) throws SQLException {
    java.sql.Savepoint sp = c.setSavepoint();
    try {
      w.value = w.work.run(c);
      c.releaseSavepoint(sp);
    } catch (SQLException | RuntimeException e) {
      c.rollback(sp);
      w.failure = e instanceof RuntimeException r ? r
          : new org.minternet.core.store.StoreException("store write failed: " + e.getMessage(), e);
    }
  }

  /** A message appended: its UID and the modseq of the append. */
  record Appended(long uid, long modseq) {}

  /** Appends a message (IMAP APPEND) in a group commit. */
  Appended append(long mailboxId, byte[] content, Set<String> flags, Instant date) {
    Appended appended = write(c -> {
      long[] next = nextUid(c, mailboxId);
      PreparedStatement ps = statements.get(c, "INSERT INTO mail_message (mailbox_id, uid, modseq, flags,"
          + " internal_date, size, content) VALUES (?,?,?,?,?,?,?)");
      ps.setLong(1, mailboxId);
      ps.setLong(2, next[0]);
      ps.setLong(3, next[1]);
      ps.setString(4, format(flags));
      ps.setLong(5, date.toEpochMilli());
      ps.setLong(6, content.length);
      ps.setBytes(7, content);
      ps.executeUpdate();
      return new Appended(next[0], next[1]);
    });
    events.changed(mailboxId);
    return appended;
  }

  /** Takes the mailbox's next UID and modseq: {uid, modseq}. */
  private long[] nextUid(Connection c, long mailboxId) throws SQLException {
    PreparedStatement bump = statements.get(c, "UPDATE mail_mailbox SET uid_next = uid_next + 1,"
        + " highest_modseq = highest_modseq + 1 WHERE id = ?");
    bump.setLong(1, mailboxId);
    if (bump.executeUpdate() == 0) throw new SQLException("no mailbox " + mailboxId);
    PreparedStatement read = statements.get(c, "SELECT uid_next, highest_modseq FROM mail_mailbox WHERE id = ?");
    read.setLong(1, mailboxId);
    try (ResultSet rs = read.executeQuery()) {
      rs.next();
      return new long[] {rs.getLong(1) - 1, rs.getLong(2)};
    }
  }

  /** Bytes read per batch when FETCH or SEARCH loads many messages. */
  static final long BATCH_BYTES = 8L * 1024 * 1024;
  static final int BATCH_MESSAGES = 100;

  /** Bytes of message content kept in memory for FETCH and SEARCH. */
  static final long CONTENT_CACHE_BYTES = 64L * 1024 * 1024;

  /** A message's identity: mailbox ids and UIDs are never reused, so its content never changes. */
  private record MessageKey(long mailboxId, long uid) {}

  /**
   * Recently read message contents. A stored message is immutable under its (mailbox, UID) —
   * mailbox ids come from an auto-increment key and UIDs from UIDNEXT (RFC 9051 §2.3.1.1) — so a
   * cached copy is never stale; an expunged message just ages out.
   */
  private final Cache<MessageKey, byte[]> contentCache = Caffeine.newBuilder()
      .maximumWeight(CONTENT_CACHE_BYTES).weigher((MessageKey k, byte[] v) -> v.length + 64)
      .executor(Runnable::run).build();

  /** A parsed form of a message: its header only, or its whole MIME structure. */
  private record ParsedKey(long mailboxId, long uid, boolean headerOnly) {}

  /** Parsed messages, immutable like their contents; weighed by what the parse adds to the bytes. */
  private final Cache<ParsedKey, MimePart> parsedCache = Caffeine.newBuilder()
      .maximumWeight(CONTENT_CACHE_BYTES).weigher((ParsedKey k, MimePart v) -> (k.headerOnly() ? v.bodyStart()
          : v.source().length) + 256)
      .executor(Runnable::run).build();

  /**
   * The message {@code bytes} (the content of {@code uid}) parsed as FETCH and SEARCH need it:
   * the header alone, or the whole MIME tree. A header the codec refuses gives a message whose
   * whole content is the body.
   */
  MimePart parsed(long mailboxId, long uid, byte[] bytes, boolean headerOnly) {
    return parsedCache.get(new ParsedKey(mailboxId, uid, headerOnly), k -> {
      try {
        if (!headerOnly) return MimePart.parse(bytes);
        MessageHeader h = MessageHeader.parse(bytes);
        return new MimePart(bytes, 0, h, h.bodyOffset(), bytes.length, List.of());
      } catch (MessageFormatException | IllegalArgumentException e) {
        return new MimePart(bytes, 0, new MessageHeader(List.of(), 0), 0, bytes.length, List.of());
      }
    });
  }

  /** The contents of several messages, from the cache or in one query (missing ones are absent). */
  Map<Long, byte[]> contents(long mailboxId, List<Long> uids) {
    if (uids.isEmpty()) return Map.of();
    Map<Long, byte[]> out = new java.util.HashMap<>();
    List<Long> missing = new ArrayList<>();
    for (long uid : uids) {
      byte[] b = contentCache.getIfPresent(new MessageKey(mailboxId, uid));
      if (b != null) out.put(uid, b);
      else missing.add(uid);
    }
    if (missing.isEmpty()) return out;
    store.read(c -> {
      StringBuilder sql = new StringBuilder("SELECT uid, content FROM mail_message WHERE mailbox_id = ? AND uid IN (");
      for (int i = 0; i < missing.size(); i++) sql.append(i == 0 ? "?" : ",?");
      try (PreparedStatement ps = c.prepareStatement(sql.append(')').toString())) {
        ps.setLong(1, mailboxId);
        for (int i = 0; i < missing.size(); i++) ps.setLong(i + 2, missing.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.put(rs.getLong(1), rs.getBytes(2));
        }
      }
      return null;
    });
    for (long uid : missing) {
      byte[] b = out.get(uid);
      if (b != null) contentCache.put(new MessageKey(mailboxId, uid), b);
    }
    return out;
  }

  /** Splits UIDs into batches of at most {@link #BATCH_MESSAGES} messages and about {@link #BATCH_BYTES}. */
  static List<List<Long>> batches(List<Long> uids, java.util.function.LongUnaryOperator sizeOf) {
    List<List<Long>> out = new ArrayList<>();
    List<Long> cur = new ArrayList<>();
    long bytes = 0;
    for (long u : uids) {
      long size = sizeOf.applyAsLong(u);
      if (!cur.isEmpty() && (cur.size() >= BATCH_MESSAGES || bytes + size > BATCH_BYTES)) {
        out.add(cur);
        cur = new ArrayList<>();
        bytes = 0;
      }
      cur.add(u);
      bytes += size;
    }
    if (!cur.isEmpty()) out.add(cur);
    return out;
  }

  /** Messages expunged: the modseq of the expunge (0 if none was asked) and the UIDs actually removed. */
  record Expunged(long modseq, List<Long> removed) {}

  /** Expunges UIDs, keeping tombstones. */
  Expunged expunge(long mailboxId, Collection<Long> uids) {
    if (uids.isEmpty()) return new Expunged(0, List.of());
    Expunged result = write(c -> {
      long ms = nextModseq(c, mailboxId);
      return new Expunged(ms, deleteWithTombstones(c, mailboxId, uids, ms));
    });
    events.changed(mailboxId);
    return result;
  }

  private List<Long> deleteWithTombstones(Connection c, long mailboxId, Collection<Long> uids, long ms)
      throws SQLException {
    List<Long> removed = new ArrayList<>();
    PreparedStatement del = statements.get(c, "DELETE FROM mail_message WHERE mailbox_id = ? AND uid = ?");
    PreparedStatement tomb = statements.get(c,
        "INSERT INTO mail_expunged (mailbox_id, uid, modseq) VALUES (?,?,?)");
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

  /** Result of COPY or MOVE: the destination's UIDVALIDITY and the UID pairs (RFC 4315 COPYUID). */
  record Copied(long uidValidity, List<Long> sourceUids, List<Long> destinationUids) {}

  /**
   * Copies messages (content, flags, internal date) into another mailbox with new UIDs, and for
   * MOVE expunges them from the source in the same transaction (RFC 6851 §3.3: atomic).
   */
  Copied copy(long sourceId, Collection<Long> uids, long destinationId, boolean move) {
    Copied result = write(c -> {
      List<Long> src = new ArrayList<>();
      List<Long> dst = new ArrayList<>();
      long validity;
      try (PreparedStatement ps = c.prepareStatement("SELECT uid_validity FROM mail_mailbox WHERE id = ?")) {
        ps.setLong(1, destinationId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) throw new SQLException("no mailbox " + destinationId);
          validity = rs.getLong(1);
        }
      }
      try (PreparedStatement flags = c.prepareStatement(
          "SELECT flags FROM mail_message WHERE mailbox_id = ? AND uid = ?");
          PreparedStatement bump = c.prepareStatement("UPDATE mail_mailbox SET uid_next = uid_next + 1,"
              + " highest_modseq = highest_modseq + 1 WHERE id = ?");
          PreparedStatement counters = c.prepareStatement(
              "SELECT uid_next, highest_modseq FROM mail_mailbox WHERE id = ?");
          PreparedStatement insert = c.prepareStatement("INSERT INTO mail_message (mailbox_id, uid, modseq,"
              + " flags, internal_date, size, content) SELECT ?, ?, ?, ?, internal_date, size, content"
              + " FROM mail_message WHERE mailbox_id = ? AND uid = ?")) {
        for (long uid : uids) {
          flags.setLong(1, sourceId);
          flags.setLong(2, uid);
          Set<String> f;
          try (ResultSet rs = flags.executeQuery()) {
            if (!rs.next()) continue;
            f = new TreeSet<>(Flags.visible(parse(rs.getString(1))));
          }
          f.add(Flags.RECENT);
          bump.setLong(1, destinationId);
          bump.executeUpdate();
          long newUid;
          long modseq;
          counters.setLong(1, destinationId);
          try (ResultSet rs = counters.executeQuery()) {
            rs.next();
            newUid = rs.getLong(1) - 1;
            modseq = rs.getLong(2);
          }
          insert.setLong(1, destinationId);
          insert.setLong(2, newUid);
          insert.setLong(3, modseq);
          insert.setString(4, format(f));
          insert.setLong(5, sourceId);
          insert.setLong(6, uid);
          insert.executeUpdate();
          src.add(uid);
          dst.add(newUid);
        }
      }
      if (move && !src.isEmpty()) deleteWithTombstones(c, sourceId, src, nextModseq(c, sourceId));
      return new Copied(validity, src, dst);
    });
    events.changed(destinationId);
    if (move) events.changed(sourceId);
    return result;
  }

  /** Creates a mailbox; its UIDVALIDITY exceeds every earlier one (RFC 9051 §2.3.1.1). */
  long create(long userId, String name, String specialUse) {
    return mail.createMailbox(userId, name, specialUse).id();
  }

  /** Deletes a mailbox and its messages. */
  void delete(long mailboxId) {
    store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_mailbox WHERE id = ?")) {
        ps.setLong(1, mailboxId);
        ps.executeUpdate();
      }
      return null;
    });
    events.changed(mailboxId);
  }

  /**
   * Renames a mailbox and its inferiors ({@link MailStore#renameMailbox}). Returns false if a
   * target name exists.
   */
  boolean rename(long userId, Mailbox from, String to) {
    return mail.renameMailbox(userId, from, to);
  }

  void subscribe(long mailboxId, boolean subscribed) {
    store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE mail_mailbox SET subscribed = ? WHERE id = ?")) {
        ps.setInt(1, subscribed ? 1 : 0);
        ps.setLong(2, mailboxId);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Counts for STATUS (RFC 9051 §6.3.11). */
  record StatusCounts(long messages, long recent, long unseen, long deleted, long size) {}

  StatusCounts status(long mailboxId) {
    return store.read(c -> {
      long messages = 0, recent = 0, unseen = 0, deleted = 0, size = 0;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT flags, size FROM mail_message WHERE mailbox_id = ?")) {
        ps.setLong(1, mailboxId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            Set<String> f = parse(rs.getString(1));
            messages++;
            if (f.contains(Flags.RECENT)) recent++;
            if (!f.contains(Flags.SEEN)) unseen++;
            if (f.contains(Flags.DELETED)) deleted++;
            size += rs.getLong(2);
          }
        }
      }
      return new StatusCounts(messages, recent, unseen, deleted, size);
    });
  }

  /** Sets the internal state of a message's flags as the store keeps them (space separated, sorted). */
  static String format(Set<String> flags) {
    return String.join(" ", new TreeSet<>(flags));
  }

  static Set<String> parse(String s) {
    if (s == null || s.isBlank()) return Set.of();
    return Set.copyOf(new LinkedHashSet<>(Arrays.asList(s.trim().split(" +"))));
  }

  private static MessageInfo info(ResultSet rs) throws SQLException {
    return new MessageInfo(rs.getLong(1), rs.getLong(2), parse(rs.getString(3)),
        Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5));
  }

  private long nextModseq(Connection c, long mailboxId) throws SQLException {
    PreparedStatement bump = statements.get(c,
        "UPDATE mail_mailbox SET highest_modseq = highest_modseq + 1 WHERE id = ?");
    bump.setLong(1, mailboxId);
    if (bump.executeUpdate() == 0) throw new SQLException("no mailbox " + mailboxId);
    PreparedStatement read = statements.get(c, "SELECT highest_modseq FROM mail_mailbox WHERE id = ?");
    read.setLong(1, mailboxId);
    try (ResultSet rs = read.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
