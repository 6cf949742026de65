package org.minternet.mail.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.minternet.core.store.Store;

/**
 * A user's folders ({@code mail_mailbox}) with the IMAP counters: UIDVALIDITY (from the
 * {@code mail_uidvalidity} high-water mark), UIDNEXT and HIGHESTMODSEQ, the only place either is
 * allocated (RFC 9051 §2.3.1.1, RFC 7162 §3.1). The messages in them are {@link Messages}.
 *
 * <p>UIDs and modseqs are taken by incrementing the mailbox row first, which takes the row lock on
 * PostgreSQL and the single writer lock on SQLite, so concurrent writers never share one.
 */
public final class Mailboxes {
  /** The special-use folders every user gets (RFC 6154), with INBOX first. */
  public static final Map<String, String> DEFAULT_FOLDERS = defaultFolders();

  private static final String SELECT = "SELECT id, user_id, name, special_use, uid_validity, uid_next,"
      + " highest_modseq, CASE WHEN EXISTS (SELECT 1 FROM mail_subscription s"
      + " WHERE s.user_id = mail_mailbox.user_id AND s.name = mail_mailbox.name) THEN 1 ELSE 0 END"
      + " FROM mail_mailbox";

  private final Store store;
  private final StatementCache statements;
  private final MailboxChanges changes;
  private Messages messages;

  Mailboxes(Store store, StatementCache statements, MailboxChanges changes) {
    this.store = store;
    this.statements = statements;
    this.changes = changes;
  }

  /** The messages repository, for the rename of INBOX (which moves its messages). */
  void messages(Messages messages) {
    this.messages = messages;
  }

  private static Map<String, String> defaultFolders() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("INBOX", null);
    m.put("Sent", "\\Sent");
    m.put("Drafts", "\\Drafts");
    m.put("Trash", "\\Trash");
    m.put("Junk", "\\Junk");
    return Collections.unmodifiableMap(m);
  }

  /** A user's mailboxes by name. */
  public List<Mailbox> list(long userId) {
    return store.read(c -> {
      List<Mailbox> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE user_id = ? ORDER BY name")) {
        ps.setLong(1, userId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(mailbox(rs));
        }
      }
      return out;
    });
  }

  /** The mailbox by name; "INBOX" is case-insensitive (RFC 9051 §5.1). */
  public Optional<Mailbox> get(long userId, String name) {
    return store.read(c -> Optional.ofNullable(find(c, userId, name)));
  }

  /** Creates a mailbox with a new UIDVALIDITY. */
  public Mailbox create(long userId, String name, String specialUse) {
    return store.inTransaction(c -> {
      if (find(c, userId, name) != null) throw new IllegalArgumentException("mailbox exists: " + name);
      return byId(c, insert(c, userId, name, specialUse, 1));
    });
  }

  /** Deletes a mailbox and its messages. */
  public void delete(long mailboxId) {
    store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_mailbox WHERE id = ?")) {
        ps.setLong(1, mailboxId);
        ps.executeUpdate();
      }
      return null;
    });
    changes.changed(mailboxId);
  }

  /**
   * Adds a name to the user's subscriptions or removes it (RFC 9051 §6.3.7, §6.3.8). The list holds
   * names, whether or not a mailbox of that name exists. Returns whether the list changed.
   */
  public boolean subscribe(long userId, String name, boolean subscribed) {
    return store.inTransaction(c -> subscribeIn(c, userId, name, subscribed));
  }

  /** The user's subscribed names, sorted; some may name no mailbox (deleted since). */
  public List<String> subscriptions(long userId) {
    return store.read(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT name FROM mail_subscription WHERE user_id = ? ORDER BY name")) {
        ps.setLong(1, userId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(rs.getString(1));
        }
      }
      return out;
    });
  }

  private static boolean subscribeIn(Connection c, long userId, String name, boolean subscribed)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_subscription WHERE user_id = ? AND name = ?")) {
      ps.setLong(1, userId);
      ps.setString(2, name);
      int removed = ps.executeUpdate();
      if (!subscribed) return removed > 0;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_subscription (user_id, name) VALUES (?,?)")) {
      ps.setLong(1, userId);
      ps.setString(2, name);
      ps.executeUpdate();
    }
    return true;
  }

  /** The counters of a mailbox. */
  public record Counters(long uidValidity, long uidNext, long highestModseq) {}

  /** The counters of a mailbox; null if it no longer exists. */
  public Counters counters(long mailboxId) {
    return store.read(c -> {
      PreparedStatement ps = statements.get(c,
          "SELECT uid_validity, uid_next, highest_modseq FROM mail_mailbox WHERE id = ?");
      ps.setLong(1, mailboxId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3)) : null;
      }
    });
  }

  /**
   * Renames a mailbox and its inferiors ({@code a} → {@code b} also renames {@code a/x} to
   * {@code b/x}). Renaming INBOX moves its messages to a new mailbox and leaves INBOX empty
   * (RFC 9051 §6.3.6). Returns false if a target name exists.
   */
  public boolean rename(long userId, Mailbox from, String to) {
    boolean ok = store.inTransaction(c -> {
      Map<String, Long> all = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name, id FROM mail_mailbox WHERE user_id = ?")) {
        ps.setLong(1, userId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) all.put(rs.getString(1), rs.getLong(2));
        }
      }
      return from.name().equals("INBOX") ? renameInbox(c, userId, from, to, all.keySet())
          : renameTree(c, userId, from, to, all);
    });
    if (ok) changes.changed(from.id());
    return ok;
  }

  private boolean renameInbox(Connection c, long userId, Mailbox inbox, String to, Set<String> names)
      throws SQLException {
    if (names.contains(to)) return false;
    long id = insert(c, userId, to, null, inbox.uidNext());
    subscribeIn(c, userId, to, true);
    // the messages left INBOX: tombstones so that sessions on INBOX see them go
    messages.moveAll(c, inbox.id(), id, nextModseq(c, inbox.id()));
    try (PreparedStatement ps = c.prepareStatement("UPDATE mail_mailbox SET highest_modseq ="
        + " (SELECT COALESCE(MAX(modseq), 1) FROM mail_message WHERE mailbox_id = ?) WHERE id = ?")) {
      ps.setLong(1, id);
      ps.setLong(2, id);
      ps.executeUpdate();
    }
    return true;
  }

  private static boolean renameTree(Connection c, long userId, Mailbox from, String to, Map<String, Long> all)
      throws SQLException {
    Map<String, Long> moving = new LinkedHashMap<>();
    for (Map.Entry<String, Long> m : all.entrySet()) {
      if (m.getKey().equals(from.name()) || m.getKey().startsWith(from.name() + "/")) {
        moving.put(m.getKey(), m.getValue());
      }
    }
    for (String name : moving.keySet()) {
      String target = to + name.substring(from.name().length());
      if (all.containsKey(target) && !moving.containsKey(target)) return false;
    }
    // two steps so that a rename into one's own subtree never collides on the unique name
    try (PreparedStatement ps = c.prepareStatement("UPDATE mail_mailbox SET name = ? WHERE id = ?")) {
      for (Map.Entry<String, Long> m : moving.entrySet()) {
        ps.setString(1, "\u0001rename" + m.getValue());
        ps.setLong(2, m.getValue());
        ps.executeUpdate();
      }
      for (Map.Entry<String, Long> m : moving.entrySet()) {
        ps.setString(1, to + m.getKey().substring(from.name().length()));
        ps.setLong(2, m.getValue());
        ps.executeUpdate();
      }
    }
    // the subscriptions of the renamed mailboxes follow them
    Set<String> subscribed = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT name FROM mail_subscription WHERE user_id = ?")) {
      ps.setLong(1, userId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) subscribed.add(rs.getString(1));
      }
    }
    for (String name : moving.keySet()) {
      if (!subscribed.contains(name)) continue;
      subscribeIn(c, userId, name, false);
      subscribeIn(c, userId, to + name.substring(from.name().length()), true);
    }
    return true;
  }

  // ---------------------------------------------------------------- within other transactions

  /** Creates the {@link #DEFAULT_FOLDERS} of a new user. */
  void createDefaults(Connection c, long userId) throws SQLException {
    for (Map.Entry<String, String> f : DEFAULT_FOLDERS.entrySet()) {
      insert(c, userId, f.getKey(), f.getValue(), 1);
      subscribeIn(c, userId, f.getKey(), true);
    }
  }

  Mailbox find(Connection c, long userId, String name) throws SQLException {
    PreparedStatement ps = statements.get(c, SELECT + " WHERE user_id = ? AND name = ?");
    ps.setLong(1, userId);
    ps.setString(2, name.equalsIgnoreCase("INBOX") ? "INBOX" : name);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? mailbox(rs) : null;
    }
  }

  /** The mailbox's UIDVALIDITY. */
  long uidValidity(Connection c, long mailboxId) throws SQLException {
    Mailbox m = byId(c, mailboxId);
    if (m == null) throw new SQLException("no mailbox " + mailboxId);
    return m.uidValidity();
  }

  /** A new UID with the modseq of its arrival: {uid, modseq}. */
  long[] nextUid(Connection c, long mailboxId) throws SQLException {
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

  /** A new modseq for a change to the mailbox's messages (RFC 7162 §3.1.1). */
  long nextModseq(Connection c, long mailboxId) throws SQLException {
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

  private static long insert(Connection c, long userId, String name, String specialUse, long uidNext)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_mailbox (user_id, name, special_use,"
        + " uid_validity, uid_next, highest_modseq, subscribed) VALUES (?,?,?,?,?,1,0)",
        Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, userId);
      ps.setString(2, name);
      ps.setString(3, specialUse);
      ps.setLong(4, nextUidValidity(c));
      ps.setLong(5, uidNext);
      ps.executeUpdate();
      return Rows.generatedId(ps);
    }
  }

  /**
   * A new UIDVALIDITY: the current second, or one more than the largest ever given (kept in
   * {@code mail_uidvalidity}, since deleted mailboxes take theirs with them) if that is not larger.
   * So a mailbox re-created under an earlier name, or the INBOX of a re-created user, never repeats
   * an earlier value (RFC 9051 §2.3.1.1), even within the same second. The first statement takes
   * the row's lock, so concurrent creations get distinct values.
   */
  private static long nextUidValidity(Connection c) throws SQLException {
    try (PreparedStatement bump = c.prepareStatement(
        "UPDATE mail_uidvalidity SET last_given = last_given + 1 WHERE id = 1")) {
      if (bump.executeUpdate() != 1) throw new SQLException("no UIDVALIDITY counter");
    }
    long last;
    try (PreparedStatement read = c.prepareStatement("SELECT last_given FROM mail_uidvalidity WHERE id = 1");
        ResultSet rs = read.executeQuery()) {
      rs.next();
      last = rs.getLong(1);
    }
    long now = System.currentTimeMillis() / 1000;
    if (now <= last) return last;
    try (PreparedStatement set = c.prepareStatement("UPDATE mail_uidvalidity SET last_given = ? WHERE id = 1")) {
      set.setLong(1, now);
      set.executeUpdate();
    }
    return now;
  }

  private static Mailbox byId(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? mailbox(rs) : null;
      }
    }
  }

  private static Mailbox mailbox(ResultSet rs) throws SQLException {
    return new Mailbox(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
        rs.getLong(6), rs.getLong(7), rs.getInt(8) != 0);
  }
}
