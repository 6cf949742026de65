package org.minternet.mail.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;
import org.minternet.core.store.Store;
import org.minternet.mail.message.DsnNotify;

/**
 * The mail store on the core JDBC {@link Store}: domains, users, aliases, mailboxes with the IMAP
 * counters (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ), messages as the exact bytes received, and the
 * outgoing queue.
 *
 * <p>Every write that a protocol acknowledges is one transaction: {@link #deliver} stores all local
 * copies and the queue entry for remote recipients together, so an acknowledged message is never
 * half delivered. UIDs are assigned by incrementing the mailbox row first, which takes the row lock
 * on PostgreSQL and the single writer lock on SQLite, so concurrent deliveries never share a UID.
 */
public final class MailStore {
  /** The special-use folders every user gets (RFC 6154), with INBOX first. */
  public static final Map<String, String> DEFAULT_FOLDERS = defaultFolders();
  private static final int MAX_ALIAS_DEPTH = 8;

  private final Store store;
  private final PasswordHasher hasher;
  private final AuthCache authCache = new AuthCache();
  private final StatementCache statements = new StatementCache();
  /** Verified against when the user is unknown, to spend the same time as for a known one. */
  private final String dummyHash;
  private final List<LongConsumer> mailboxListeners = new CopyOnWriteArrayList<>();

  private MailStore(Store store, PasswordHasher hasher) {
    this.store = store;
    this.hasher = hasher;
    this.dummyHash = hasher.hash("unused");
  }

  private static Map<String, String> defaultFolders() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("INBOX", null);
    m.put("Sent", "\\Sent");
    m.put("Drafts", "\\Drafts");
    m.put("Trash", "\\Trash");
    m.put("Junk", "\\Junk");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Opens the mail store on {@code store}, applying the schema migrations. */
  public static MailStore open(Store store) {
    return open(store, PasswordHasher.standard());
  }

  /** As {@link #open(Store)} with a chosen password hasher (tests use fewer iterations). */
  public static MailStore open(Store store, PasswordHasher hasher) {
    store.migrate(MailSchema.MODULE, MailSchema.migrations());
    return new MailStore(store, hasher);
  }

  public Store store() {
    return store;
  }

  /** Registers a listener told the mailbox id after each change committed to a mailbox (for IDLE). */
  public void onMailboxChange(LongConsumer listener) {
    mailboxListeners.add(listener);
  }

  private void changed(Collection<Long> mailboxIds) {
    for (long id : mailboxIds) for (LongConsumer l : mailboxListeners) l.accept(id);
  }

  // ---------------------------------------------------------------- domains

  public void addDomain(String domain) {
    String name = normDomain(domain);
    store.inTransaction(c -> {
      if (domainId(c, name) != null) throw new IllegalArgumentException("domain exists: " + name);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_domain (name) VALUES (?)")) {
        ps.setString(1, name);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Adds the domain unless it exists; returns whether it was added. */
  public boolean ensureDomain(String domain) {
    String name = normDomain(domain);
    return store.inTransaction(c -> {
      if (domainId(c, name) != null) return false;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_domain (name) VALUES (?)")) {
        ps.setString(1, name);
        ps.executeUpdate();
      }
      return true;
    });
  }

  /** Removes a domain with all its users, mailboxes and messages. */
  public boolean removeDomain(String domain) {
    String name = normDomain(domain);
    return store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_domain WHERE name = ?")) {
        ps.setString(1, name);
        return ps.executeUpdate() > 0;
      }
    });
  }

  public List<String> domains() {
    return store.read(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name FROM mail_domain ORDER BY name");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
      return out;
    });
  }

  public boolean isLocalDomain(String domain) {
    String name = normDomain(domain);
    return store.read(c -> domainId(c, name) != null);
  }

  // ---------------------------------------------------------------- users

  /** Adds a user {@code local@domain} (the domain must exist) with the default folders. */
  public MailUser addUser(String address, String password) {
    String[] parts = split(address);
    String hash = hasher.hash(password);
    return store.inTransaction(c -> {
      Long domainId = domainId(c, parts[1]);
      if (domainId == null) throw new IllegalArgumentException("no such domain: " + parts[1]);
      if (userId(c, parts[0], parts[1]) != null) throw new IllegalArgumentException("user exists: " + address);
      long id;
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO mail_user (domain_id, local_part, password_hash, created_at) VALUES (?,?,?,?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setLong(1, domainId);
        ps.setString(2, parts[0]);
        ps.setString(3, hash);
        ps.setLong(4, System.currentTimeMillis());
        ps.executeUpdate();
        id = generatedId(ps);
      }
      for (Map.Entry<String, String> f : DEFAULT_FOLDERS.entrySet()) {
        insertMailbox(c, id, f.getKey(), f.getValue(), 1);
      }
      return new MailUser(id, parts[0] + "@" + parts[1]);
    });
  }

  /**
   * Adds a user unless one exists (the password is hashed only when the user is new, so seeding a
   * store at every start costs nothing after the first).
   *
   * @return true if the user was added
   */
  public boolean ensureUser(String address, String password) {
    if (user(address).isPresent()) return false;
    addUser(address, password);
    return true;
  }

  /**
   * Changes a user's login password.
   *
   * @throws IllegalArgumentException if it is the user's APOP secret, which is stored readable
   */
  public boolean setPassword(String address, String password) {
    String[] parts = split(address);
    String hash = hasher.hash(password);
    return store.inTransaction(c -> {
      Long id = userId(c, parts[0], parts[1]);
      if (id == null) return false;
      try (PreparedStatement ps = c.prepareStatement("SELECT apop_secret FROM mail_user WHERE id = ?")) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getString(1) != null && java.security.MessageDigest.isEqual(
              rs.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8),
              password.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw new IllegalArgumentException("the password must differ from the APOP secret");
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE mail_user SET password_hash = ? WHERE id = ?")) {
        ps.setString(1, hash);
        ps.setLong(2, id);
        ps.executeUpdate();
      }
      return true;
    });
  }

  public boolean removeUser(String address) {
    String[] parts = split(address);
    return store.inTransaction(c -> {
      Long id = userId(c, parts[0], parts[1]);
      if (id == null) return false;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_user WHERE id = ?")) {
        ps.setLong(1, id);
        ps.executeUpdate();
      }
      return true;
    });
  }

  /** Users of a domain, or of every domain when {@code domain} is null. */
  public List<MailUser> users(String domain) {
    return store.read(c -> {
      List<MailUser> out = new ArrayList<>();
      String sql = "SELECT u.id, u.local_part, d.name FROM mail_user u JOIN mail_domain d ON d.id = u.domain_id"
          + (domain == null ? "" : " WHERE d.name = ?") + " ORDER BY d.name, u.local_part";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        if (domain != null) ps.setString(1, normDomain(domain));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(new MailUser(rs.getLong(1), rs.getString(2) + "@" + rs.getString(3)));
        }
      }
      return out;
    });
  }

  public Optional<MailUser> user(String address) {
    String[] parts = trySplit(address);
    if (parts == null) return Optional.empty();
    return store.read(c -> Optional.ofNullable(userId(c, parts[0], parts[1]))
        .map(id -> new MailUser(id, parts[0] + "@" + parts[1])));
  }

  /**
   * Checks a login. Unknown users cost the same KDF work as known ones, so timing does not reveal
   * which addresses exist.
   */
  public Optional<MailUser> authenticate(String address, String password) {
    String[] parts = trySplit(address);
    String[] stored = parts == null ? null : store.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT u.id, u.password_hash FROM mail_user u"
          + " JOIN mail_domain d ON d.id = u.domain_id WHERE d.name = ? AND u.local_part = ?")) {
        ps.setString(1, parts[1]);
        ps.setString(2, parts[0]);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? new String[] {Long.toString(rs.getLong(1)), rs.getString(2)} : null;
        }
      }
    });
    if (stored == null) {
      PasswordHasher.verify(password, dummyHash);
      return Optional.empty();
    }
    String key = parts[0] + "@" + parts[1];
    if (!authCache.matches(key, stored[1], password)) {
      if (!PasswordHasher.verify(password, stored[1])) return Optional.empty();
      authCache.remember(key, stored[1], password);
    }
    return Optional.of(new MailUser(Long.parseLong(stored[0]), key));
  }


  // ---------------------------------------------------------------- APOP

  /** Longest APOP secret accepted, in characters. */
  public static final int MAX_APOP_SECRET = 256;

  /**
   * Sets a user's APOP secret (RFC 1939 §7), or removes it when {@code secret} is null or empty.
   *
   * <p>APOP makes the server compute MD5(timestamp + secret), so this secret is stored readable,
   * unlike the login password, which stays a slow KDF hash and is never usable for APOP. It is a
   * separate, optional secret, as in qpopper's {@code popauth} database: a user has one only when
   * the user or an administrator opts in, and it must differ from the login password so that
   * opting in never exposes the password. Removing the user removes it.
   *
   * @return false if there is no such user
   * @throws IllegalArgumentException if the secret is longer than {@link #MAX_APOP_SECRET}, has
   *     control characters or is the user's login password
   */
  public boolean setApopSecret(String address, String secret) {
    String[] parts = split(address);
    String value = secret == null || secret.isEmpty() ? null : secret;
    if (value != null) {
      if (value.length() > MAX_APOP_SECRET) {
        throw new IllegalArgumentException("APOP secret longer than " + MAX_APOP_SECRET + " characters");
      }
      if (value.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
        throw new IllegalArgumentException("APOP secret with control characters");
      }
    }
    // the KDF runs outside the write transaction, which would otherwise hold SQLite's writer lock
    String passwordHash = store.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT u.password_hash FROM mail_user u"
          + " JOIN mail_domain d ON d.id = u.domain_id WHERE d.name = ? AND u.local_part = ?")) {
        ps.setString(1, parts[1]);
        ps.setString(2, parts[0]);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    if (passwordHash == null) return false;
    if (value != null && PasswordHasher.verify(value, passwordHash)) {
      throw new IllegalArgumentException("the APOP secret must differ from the login password");
    }
    return store.inTransaction(c -> {
      Long id = userId(c, parts[0], parts[1]);
      if (id == null) return false;
      try (PreparedStatement ps = c.prepareStatement("UPDATE mail_user SET apop_secret = ? WHERE id = ?")) {
        ps.setString(1, value);
        ps.setLong(2, id);
        ps.executeUpdate();
      }
      return true;
    });
  }

  /** Whether a user has an APOP secret (false for unknown users). */
  public boolean hasApopSecret(String address) {
    return apopRow(address) instanceof Object[] row && row[1] != null;
  }

  /**
   * Checks an APOP login (RFC 1939 §7): {@code digest} must be the {@link ApopDigest} of the
   * greeting's {@code timestamp} and the user's APOP secret, compared in constant time. An unknown
   * user, a user without an APOP secret and a wrong digest fail alike, and each failure costs one
   * KDF verification, like a failed PASS, so that APOP is no faster to guess against than PASS and
   * timing does not tell the three apart.
   */
  public Optional<MailUser> authenticateApop(String address, String timestamp, String digest) {
    Object[] row = apopRow(address);
    String secret = row == null ? null : (String) row[1];
    // computed for every attempt, so a user without a secret costs the same as one with
    boolean matches = ApopDigest.matches(timestamp, secret == null ? dummyHash : secret, digest);
    if (!matches || secret == null) {
      PasswordHasher.verify(digest, dummyHash);
      return Optional.empty();
    }
    String[] parts = trySplit(address);
    return Optional.of(new MailUser((Long) row[0], parts[0] + "@" + parts[1]));
  }

  /** The user's id and APOP secret (or null), or null for an unknown user. */
  private Object[] apopRow(String address) {
    String[] parts = trySplit(address);
    if (parts == null) return null;
    return store.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT u.id, u.apop_secret FROM mail_user u"
          + " JOIN mail_domain d ON d.id = u.domain_id WHERE d.name = ? AND u.local_part = ?")) {
        ps.setString(1, parts[1]);
        ps.setString(2, parts[0]);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? new Object[] {rs.getLong(1), rs.getString(2)} : null;
        }
      }
    });
  }

  // ---------------------------------------------------------------- aliases

  /** Adds an alias {@code local@domain} (a local domain) forwarding to {@code target}. */
  public void addAlias(String alias, String target) {
    String[] parts = split(alias);
    String[] t = split(target);
    store.inTransaction(c -> {
      Long domainId = domainId(c, parts[1]);
      if (domainId == null) throw new IllegalArgumentException("no such domain: " + parts[1]);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO mail_alias (domain_id, local_part, target) VALUES (?,?,?)")) {
        ps.setLong(1, domainId);
        ps.setString(2, parts[0]);
        ps.setString(3, t[0] + "@" + t[1]);
        ps.executeUpdate();
      }
      return null;
    });
  }

  public boolean removeAlias(String alias) {
    String[] parts = split(alias);
    return store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_alias WHERE local_part = ? AND"
          + " domain_id = (SELECT id FROM mail_domain WHERE name = ?)")) {
        ps.setString(1, parts[0]);
        ps.setString(2, parts[1]);
        return ps.executeUpdate() > 0;
      }
    });
  }

  /** How the store would route a recipient address. */
  public enum Route {
    /** A user or alias of a local domain. */
    LOCAL,
    /** A local domain without such a user or alias: reject at RCPT (RFC 5321 §3.3, 550). */
    UNKNOWN_LOCAL,
    /** Not one of our domains: needs relaying. */
    REMOTE
  }

  public Route route(String address) {
    String[] parts = trySplit(address);
    if (parts == null) return Route.UNKNOWN_LOCAL;
    return store.read(c -> {
      if (domainId(c, parts[1]) == null) return Route.REMOTE;
      if (userId(c, parts[0], parts[1]) != null) return Route.LOCAL;
      return aliasTargets(c, parts[0], parts[1]).isEmpty() ? Route.UNKNOWN_LOCAL : Route.LOCAL;
    });
  }

  // ---------------------------------------------------------------- mailboxes and messages

  public List<Mailbox> mailboxes(long userId) {
    return store.read(c -> {
      List<Mailbox> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(MAILBOX_SELECT + " WHERE user_id = ? ORDER BY name")) {
        ps.setLong(1, userId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(mailbox(rs));
        }
      }
      return out;
    });
  }

  /** The mailbox by name; "INBOX" is case-insensitive (RFC 9051 §5.1). */
  public Optional<Mailbox> mailbox(long userId, String name) {
    return store.read(c -> Optional.ofNullable(mailbox(c, userId, name)));
  }

  public Mailbox createMailbox(long userId, String name, String specialUse) {
    return store.inTransaction(c -> {
      if (mailbox(c, userId, name) != null) throw new IllegalArgumentException("mailbox exists: " + name);
      long id = insertMailbox(c, userId, name, specialUse, 1);
      return mailboxById(c, id);
    });
  }

  /**
   * Renames a mailbox and its inferiors ({@code a} → {@code b} also renames {@code a/x} to
   * {@code b/x}). Renaming INBOX moves its messages to a new mailbox and leaves INBOX empty
   * (RFC 9051 §6.3.6). Returns false if a target name exists.
   */
  public boolean renameMailbox(long userId, Mailbox from, String to) {
    boolean ok = store.inTransaction(c -> {
      Map<String, Long> all = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT name, id FROM mail_mailbox WHERE user_id = ?")) {
        ps.setLong(1, userId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) all.put(rs.getString(1), rs.getLong(2));
        }
      }
      Set<String> names = all.keySet();
      if (from.name().equals("INBOX")) {
        if (names.contains(to)) return false;
        long id = insertMailbox(c, userId, to, null, from.uidNext());
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE mail_message SET mailbox_id = ? WHERE mailbox_id = ?")) {
          ps.setLong(1, id);
          ps.setLong(2, from.id());
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE mail_mailbox SET highest_modseq ="
            + " (SELECT COALESCE(MAX(modseq), 1) FROM mail_message WHERE mailbox_id = ?) WHERE id = ?")) {
          ps.setLong(1, id);
          ps.setLong(2, id);
          ps.executeUpdate();
        }
        // the messages left INBOX: tombstones so that sessions on INBOX see them go
        long ms = nextModseq(c, from.id());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_expunged (mailbox_id, uid, modseq)"
            + " SELECT ?, uid, ? FROM mail_message WHERE mailbox_id = ?")) {
          ps.setLong(1, from.id());
          ps.setLong(2, ms);
          ps.setLong(3, id);
          ps.executeUpdate();
        }
        return true;
      }
      Map<String, Long> moving = new LinkedHashMap<>();
      for (Map.Entry<String, Long> m : all.entrySet()) {
        if (m.getKey().equals(from.name()) || m.getKey().startsWith(from.name() + "/")) {
          moving.put(m.getKey(), m.getValue());
        }
      }
      for (String name : moving.keySet()) {
        String target = to + name.substring(from.name().length());
        if (names.contains(target) && !moving.containsKey(target)) return false;
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
      return true;
    });
    if (ok) changed(List.of(from.id()));
    return ok;
  }

  /**
   * Appends a message to a mailbox (IMAP APPEND, the Sent copy of the user agent).
   *
   * @return the UID assigned
   */
  public long append(long mailboxId, byte[] content, Set<String> flags, Instant internalDate) {
    long uid = store.inTransaction(c -> appendIn(c, mailboxId, content, flags, internalDate));
    changed(List.of(mailboxId));
    return uid;
  }

  /** Metadata of every message of a mailbox in UID order. */
  public List<MessageInfo> messages(long mailboxId) {
    return store.read(c -> {
      List<MessageInfo> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT uid, modseq, flags, internal_date, size"
          + " FROM mail_message WHERE mailbox_id = ? ORDER BY uid")) {
        ps.setLong(1, mailboxId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new MessageInfo(rs.getLong(1), rs.getLong(2), parseFlags(rs.getString(3)),
                Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5)));
          }
        }
      }
      return out;
    });
  }

  /** The exact bytes of a message, if it exists. */
  public Optional<byte[]> content(long mailboxId, long uid) {
    return store.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT content FROM mail_message WHERE mailbox_id = ? AND uid = ?")) {
        ps.setLong(1, mailboxId);
        ps.setLong(2, uid);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
        }
      }
    });
  }

  /** Replaces a message's flags, bumping its modification sequence (RFC 7162 §3.1.1). */
  public long setFlags(long mailboxId, long uid, Set<String> flags) {
    long modseq = store.inTransaction(c -> {
      long ms = nextModseq(c, mailboxId);
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE mail_message SET flags = ?, modseq = ? WHERE mailbox_id = ? AND uid = ?")) {
        ps.setString(1, formatFlags(flags));
        ps.setLong(2, ms);
        ps.setLong(3, mailboxId);
        ps.setLong(4, uid);
        if (ps.executeUpdate() == 0) throw new SQLException("no message " + uid);
      }
      return ms;
    });
    changed(List.of(mailboxId));
    return modseq;
  }

  /** Removes messages by UID, remembering them with a modseq for QRESYNC. */
  public int expunge(long mailboxId, Collection<Long> uids) {
    if (uids.isEmpty()) return 0;
    int n = store.inTransaction(c -> {
      long ms = nextModseq(c, mailboxId);
      int count = 0;
      try (PreparedStatement del = c.prepareStatement("DELETE FROM mail_message WHERE mailbox_id = ? AND uid = ?");
          PreparedStatement rem = c.prepareStatement(
              "INSERT INTO mail_expunged (mailbox_id, uid, modseq) VALUES (?,?,?)")) {
        for (long uid : uids) {
          del.setLong(1, mailboxId);
          del.setLong(2, uid);
          if (del.executeUpdate() > 0) {
            rem.setLong(1, mailboxId);
            rem.setLong(2, uid);
            rem.setLong(3, ms);
            rem.executeUpdate();
            count++;
          }
        }
      }
      return count;
    });
    changed(List.of(mailboxId));
    return n;
  }

  // ---------------------------------------------------------------- delivery and queue

  /**
   * Delivers an accepted message in one transaction: a copy into the INBOX of each local user
   * (once per user, after alias expansion), and one queue entry for the remote recipients.
   *
   * @return the queue id, or 0 if every recipient was local
   */
  public long deliver(Delivery delivery) {
    Set<Long> touched = new LinkedHashSet<>();
    long queueId = store.inTransaction(c -> {
      touched.clear();
      return deliverIn(c, delivery, touched);
    });
    changed(touched);
    return queueId;
  }

  /** {@link #deliver} inside a transaction; adds the INBOXes written to {@code touched}. */
  private long deliverIn(Connection c, Delivery delivery, Set<Long> touched) throws SQLException {
    Set<Long> users = new LinkedHashSet<>();
    List<Recipient> remote = new ArrayList<>();
    for (Recipient r : delivery.recipients()) expand(c, r, r.address(), users, remote, 0);
    Instant now = Instant.now();
    for (long userId : users) {
      Mailbox inbox = mailbox(c, userId, "INBOX");
      if (inbox == null) continue;
      appendIn(c, inbox.id(), delivery.content(), Set.of("\\Recent"), now);
      touched.add(inbox.id());
    }
    return remote.isEmpty() ? 0L : enqueueIn(c, delivery, remote, now);
  }

  private void expand(Connection c, Recipient r, String address, Set<Long> users, List<Recipient> remote,
      int depth) throws SQLException {
    String[] parts = trySplit(address);
    if (parts == null) return;
    if (domainId(c, parts[1]) == null) {
      remote.add(new Recipient(parts[0] + "@" + parts[1], r.dsnNotify(), r.orcpt()));
      return;
    }
    Long id = userId(c, parts[0], parts[1]);
    if (id != null) {
      users.add(id);
      return;
    }
    if (depth >= MAX_ALIAS_DEPTH) return;
    for (String target : aliasTargets(c, parts[0], parts[1])) expand(c, r, target, users, remote, depth + 1);
  }

  /** Puts a message for remote recipients in the outgoing queue (bounces use this). */
  public long enqueue(Delivery delivery) {
    return store.inTransaction(c -> enqueueIn(c, delivery, delivery.recipients(), Instant.now()));
  }

  private long enqueueIn(Connection c, Delivery d, List<Recipient> rcpts, Instant now) throws SQLException {
    long id;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_queue (sender, envelope_id, ret, content,"
        + " created_at) VALUES (?,?,?,?,?)", Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, d.sender());
      ps.setString(2, d.envelopeId());
      ps.setString(3, d.ret());
      ps.setBytes(4, d.content());
      ps.setLong(5, now.toEpochMilli());
      ps.executeUpdate();
      id = generatedId(ps);
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

  /** Queue entries with their pending recipients due at or before {@code now}, oldest first. */
  public List<QueueEntry> due(Instant now, int limit) {
    return queueEntries("r.state = 'PENDING' AND r.next_attempt <= ?", now.toEpochMilli(), limit);
  }

  /**
   * Claims the pending recipients due at {@code now} for one delivery attempt by the node
   * {@code owner}: their next attempt moves to {@code now + lease}, so another queue runner (another
   * node on the same PostgreSQL) does not take them too. The attempt's outcome releases them
   * ({@link #recordAttempt}); a node that dies mid-attempt releases its own at its next start
   * ({@link #releaseClaims}), and claims of a node that never comes back expire with the lease.
   * Only rows this call moved are returned.
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
      if (!mine.isEmpty()) {
        out.add(new QueueEntry(e.id(), e.sender(), e.envelopeId(), e.ret(), e.created(), mine));
      }
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

  /** Every queue entry with its recipients in any state. */
  public List<QueueEntry> queue() {
    return queueEntries(null, 0, Integer.MAX_VALUE);
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

  private List<QueueEntry> queueEntries(String where, long param, int limit) {
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

  /** The bytes of a queued message. */
  public Optional<byte[]> queuedContent(long queueId) {
    return store.read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT content FROM mail_queue WHERE id = ?")) {
        ps.setLong(1, queueId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
        }
      }
    });
  }

  /**
   * Records one delivery attempt in one transaction: every attempted recipient's new state (and
   * the end of its claim), and the reports it causes, delivered like any message (local INBOXes,
   * or the queue for remote senders).
   */
  public void recordAttempt(QueueAttempt attempt) {
    Set<Long> touched = new LinkedHashSet<>();
    store.inTransaction(c -> {
      touched.clear();
      try (PreparedStatement ps = c.prepareStatement("UPDATE mail_queue_rcpt SET state = ?, attempts = attempts + 1,"
          + " next_attempt = ?, last_error = ?, claimed_by = NULL WHERE id = ?")) {
        for (QueueAttempt.RecipientResult r : attempt.results()) {
          ps.setString(1, r.state().name());
          ps.setLong(2, r.nextAttempt().toEpochMilli());
          ps.setString(3, r.error() == null ? null : truncate(r.error(), 1000));
          ps.setLong(4, r.recipientId());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      for (Delivery report : attempt.reports()) deliverIn(c, report, touched);
      return null;
    });
    changed(touched);
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
  public boolean removeQueued(long queueId) {
    return store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_queue WHERE id = ?")) {
        ps.setLong(1, queueId);
        return ps.executeUpdate() > 0;
      }
    });
  }

  // ---------------------------------------------------------------- helpers

  private static final String MAILBOX_SELECT = "SELECT id, user_id, name, special_use, uid_validity, uid_next,"
      + " highest_modseq, subscribed FROM mail_mailbox";

  private static Mailbox mailbox(ResultSet rs) throws SQLException {
    return new Mailbox(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
        rs.getLong(6), rs.getLong(7), rs.getInt(8) != 0);
  }

  private Mailbox mailbox(Connection c, long userId, String name) throws SQLException {
    String n = name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    PreparedStatement ps = statements.get(c, MAILBOX_SELECT + " WHERE user_id = ? AND name = ?");
    ps.setLong(1, userId);
    ps.setString(2, n);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? mailbox(rs) : null;
    }
  }

  private static Mailbox mailboxById(Connection c, long id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(MAILBOX_SELECT + " WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? mailbox(rs) : null;
      }
    }
  }

  /**
   * Inserts a mailbox row with a new UIDVALIDITY ({@link #nextUidValidity}).
   */
  private static long insertMailbox(Connection c, long userId, String name, String specialUse, long uidNext)
      throws SQLException {
    long validity = nextUidValidity(c);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_mailbox (user_id, name, special_use,"
        + " uid_validity, uid_next, highest_modseq, subscribed) VALUES (?,?,?,?,?,1,1)",
        Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, userId);
      ps.setString(2, name);
      ps.setString(3, specialUse);
      ps.setLong(4, validity);
      ps.setLong(5, uidNext);
      ps.executeUpdate();
      return generatedId(ps);
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

  private long appendIn(Connection c, long mailboxId, byte[] content, Set<String> flags, Instant date)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE mail_mailbox SET uid_next = uid_next + 1,"
        + " highest_modseq = highest_modseq + 1 WHERE id = ?")) {
      ps.setLong(1, mailboxId);
      if (ps.executeUpdate() == 0) throw new SQLException("no mailbox " + mailboxId);
    }
    long uid;
    long modseq;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT uid_next, highest_modseq FROM mail_mailbox WHERE id = ?")) {
      ps.setLong(1, mailboxId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        uid = rs.getLong(1) - 1;
        modseq = rs.getLong(2);
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_message (mailbox_id, uid, modseq, flags,"
        + " internal_date, size, content) VALUES (?,?,?,?,?,?,?)")) {
      ps.setLong(1, mailboxId);
      ps.setLong(2, uid);
      ps.setLong(3, modseq);
      ps.setString(4, formatFlags(flags));
      ps.setLong(5, date.toEpochMilli());
      ps.setLong(6, content.length);
      ps.setBytes(7, content);
      ps.executeUpdate();
    }
    return uid;
  }

  private static long nextModseq(Connection c, long mailboxId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE mail_mailbox SET highest_modseq = highest_modseq + 1 WHERE id = ?")) {
      ps.setLong(1, mailboxId);
      if (ps.executeUpdate() == 0) throw new SQLException("no mailbox " + mailboxId);
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT highest_modseq FROM mail_mailbox WHERE id = ?")) {
      ps.setLong(1, mailboxId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Long domainId(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM mail_domain WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private static Long userId(Connection c, String local, String domain) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT u.id FROM mail_user u JOIN mail_domain d"
        + " ON d.id = u.domain_id WHERE d.name = ? AND u.local_part = ?")) {
      ps.setString(1, domain);
      ps.setString(2, local);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private static List<String> aliasTargets(Connection c, String local, String domain) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT a.target FROM mail_alias a JOIN mail_domain d"
        + " ON d.id = a.domain_id WHERE d.name = ? AND a.local_part = ? ORDER BY a.id")) {
      ps.setString(1, domain);
      ps.setString(2, local);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static long generatedId(PreparedStatement ps) throws SQLException {
    try (ResultSet keys = ps.getGeneratedKeys()) {
      if (!keys.next()) throw new SQLException("no generated key");
      return keys.getLong(1);
    }
  }

  static String formatFlags(Set<String> flags) {
    return String.join(" ", new TreeSet<>(flags));
  }

  static Set<String> parseFlags(String s) {
    if (s == null || s.isBlank()) return Set.of();
    return Set.copyOf(new LinkedHashSet<>(Arrays.asList(s.trim().split(" +"))));
  }

  /** NOTIFY as stored: its canonical text ({@link DsnNotify#toString}), or NULL when none was given. */
  private static DsnNotify notify(String stored) {
    return stored == null ? null : DsnNotify.parse(stored);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  static String normDomain(String domain) {
    String d = domain.trim().toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) d = d.substring(0, d.length() - 1);
    if (d.isEmpty() || d.length() > 253) throw new IllegalArgumentException("bad domain: " + domain);
    return d;
  }

  /** Splits {@code local@domain}; the local part is compared case-insensitively, as most sites do. */
  static String[] split(String address) {
    String[] p = trySplit(address);
    if (p == null) throw new IllegalArgumentException("bad address: " + address);
    return p;
  }

  static String[] trySplit(String address) {
    if (address == null) return null;
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) return null;
    String local = address.substring(0, at).toLowerCase(Locale.ROOT);
    String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
    if (domain.endsWith(".")) domain = domain.substring(0, domain.length() - 1);
    if (local.length() > 64 || domain.isEmpty() || domain.length() > 253) return null;
    return new String[] {local, domain};
  }
}
