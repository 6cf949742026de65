package org.minternet.mail.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.minternet.core.store.Store;

/**
 * Who has mail here ({@code mail_domain}, {@code mail_user}, {@code mail_alias}): the local
 * domains, their users with login passwords (a slow KDF hash) and optional APOP secrets, aliases,
 * and how a recipient address routes.
 */
public final class Accounts {
  /** Longest APOP secret accepted, in characters. */
  public static final int MAX_APOP_SECRET = 256;
  private static final int MAX_ALIAS_DEPTH = 8;

  private final Store store;
  private final PasswordHasher hasher;
  private final Mailboxes mailboxes;
  private final AuthCache authCache = new AuthCache();
  /** Verified against when the user is unknown, to spend the same time as for a known one. */
  private final String dummyHash;

  Accounts(Store store, PasswordHasher hasher, Mailboxes mailboxes) {
    this.store = store;
    this.hasher = hasher;
    this.mailboxes = mailboxes;
    this.dummyHash = hasher.hash("unused");
  }

  // ---------------------------------------------------------------- domains

  public void addDomain(String domain) {
    if (!ensureDomain(domain)) throw new IllegalArgumentException("domain exists: " + MailAddress.domain(domain));
  }

  /** Adds the domain unless it exists; returns whether it was added. */
  public boolean ensureDomain(String domain) {
    String name = MailAddress.domain(domain);
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
    String name = MailAddress.domain(domain);
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
    String name = MailAddress.domain(domain);
    return store.read(c -> domainId(c, name) != null);
  }

  // ---------------------------------------------------------------- users

  /** Adds a user {@code local@domain} (the domain must exist) with the default folders. */
  public MailUser addUser(String address, String password) {
    MailAddress a = MailAddress.require(address);
    String hash = hasher.hash(password);
    return store.inTransaction(c -> {
      Long domainId = domainId(c, a.domain());
      if (domainId == null) throw new IllegalArgumentException("no such domain: " + a.domain());
      if (userRow(c, a) != null) throw new IllegalArgumentException("user exists: " + address);
      long id;
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO mail_user (domain_id, local_part, password_hash, created_at) VALUES (?,?,?,?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setLong(1, domainId);
        ps.setString(2, a.local());
        ps.setString(3, hash);
        ps.setLong(4, System.currentTimeMillis());
        ps.executeUpdate();
        id = Rows.generatedId(ps);
      }
      mailboxes.createDefaults(c, id);
      return new MailUser(id, a.toString());
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
    MailAddress a = MailAddress.require(address);
    String hash = hasher.hash(password);
    return store.inTransaction(c -> {
      UserRow row = userRow(c, a);
      if (row == null) return false;
      if (row.apopSecret() != null && MessageDigest.isEqual(row.apopSecret().getBytes(StandardCharsets.UTF_8),
          password.getBytes(StandardCharsets.UTF_8))) {
        throw new IllegalArgumentException("the password must differ from the APOP secret");
      }
      setColumn(c, "password_hash", hash, row.id());
      return true;
    });
  }

  public boolean removeUser(String address) {
    MailAddress a = MailAddress.require(address);
    return store.inTransaction(c -> {
      UserRow row = userRow(c, a);
      if (row == null) return false;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_user WHERE id = ?")) {
        ps.setLong(1, row.id());
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
        if (domain != null) ps.setString(1, MailAddress.domain(domain));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) out.add(new MailUser(rs.getLong(1), rs.getString(2) + "@" + rs.getString(3)));
        }
      }
      return out;
    });
  }

  public Optional<MailUser> user(String address) {
    MailAddress a = MailAddress.parse(address);
    if (a == null) return Optional.empty();
    return Optional.ofNullable(store.read(c -> userRow(c, a))).map(r -> new MailUser(r.id(), a.toString()));
  }

  /**
   * Checks a login. Unknown users cost the same KDF work as known ones, so timing does not reveal
   * which addresses exist.
   */
  public Optional<MailUser> authenticate(String address, String password) {
    MailAddress a = MailAddress.parse(address);
    UserRow row = a == null ? null : store.read(c -> userRow(c, a));
    if (row == null) {
      PasswordHasher.verify(password, dummyHash);
      return Optional.empty();
    }
    String key = a.toString();
    if (!authCache.matches(key, row.passwordHash(), password)) {
      if (!PasswordHasher.verify(password, row.passwordHash())) return Optional.empty();
      authCache.remember(key, row.passwordHash(), password);
    }
    return Optional.of(new MailUser(row.id(), key));
  }

  // ---------------------------------------------------------------- APOP

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
    MailAddress a = MailAddress.require(address);
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
    UserRow row = store.read(c -> userRow(c, a));
    if (row == null) return false;
    if (value != null && PasswordHasher.verify(value, row.passwordHash())) {
      throw new IllegalArgumentException("the APOP secret must differ from the login password");
    }
    return store.inTransaction(c -> {
      UserRow now = userRow(c, a);
      if (now == null) return false;
      setColumn(c, "apop_secret", value, now.id());
      return true;
    });
  }

  /** Whether a user has an APOP secret (false for unknown users). */
  public boolean hasApopSecret(String address) {
    MailAddress a = MailAddress.parse(address);
    UserRow row = a == null ? null : store.read(c -> userRow(c, a));
    return row != null && row.apopSecret() != null;
  }

  /**
   * Checks an APOP login (RFC 1939 §7): {@code digest} must be the {@link ApopDigest} of the
   * greeting's {@code timestamp} and the user's APOP secret, compared in constant time. An unknown
   * user, a user without an APOP secret and a wrong digest fail alike, and each failure costs one
   * KDF verification, like a failed PASS, so that APOP is no faster to guess against than PASS and
   * timing does not tell the three apart.
   */
  public Optional<MailUser> authenticateApop(String address, String timestamp, String digest) {
    MailAddress a = MailAddress.parse(address);
    UserRow row = a == null ? null : store.read(c -> userRow(c, a));
    String secret = row == null ? null : row.apopSecret();
    // computed for every attempt, so a user without a secret costs the same as one with
    boolean matches = ApopDigest.matches(timestamp, secret == null ? dummyHash : secret, digest);
    if (!matches || secret == null) {
      PasswordHasher.verify(digest, dummyHash);
      return Optional.empty();
    }
    return Optional.of(new MailUser(row.id(), a.toString()));
  }

  // ---------------------------------------------------------------- aliases and routing

  /** Adds an alias {@code local@domain} (a local domain) forwarding to {@code target}. */
  public void addAlias(String alias, String target) {
    MailAddress a = MailAddress.require(alias);
    MailAddress t = MailAddress.require(target);
    store.inTransaction(c -> {
      Long domainId = domainId(c, a.domain());
      if (domainId == null) throw new IllegalArgumentException("no such domain: " + a.domain());
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO mail_alias (domain_id, local_part, target) VALUES (?,?,?)")) {
        ps.setLong(1, domainId);
        ps.setString(2, a.local());
        ps.setString(3, t.toString());
        ps.executeUpdate();
      }
      return null;
    });
  }

  public boolean removeAlias(String alias) {
    MailAddress a = MailAddress.require(alias);
    return store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_alias WHERE local_part = ? AND"
          + " domain_id = (SELECT id FROM mail_domain WHERE name = ?)")) {
        ps.setString(1, a.local());
        ps.setString(2, a.domain());
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
    MailAddress a = MailAddress.parse(address);
    if (a == null) return Route.UNKNOWN_LOCAL;
    return store.read(c -> {
      if (domainId(c, a.domain()) == null) return Route.REMOTE;
      if (userRow(c, a) != null) return Route.LOCAL;
      return aliasTargets(c, a).isEmpty() ? Route.UNKNOWN_LOCAL : Route.LOCAL;
    });
  }

  /** Where a delivery's recipients lead after alias expansion: local users (each once) and remote recipients. */
  record Expansion(Set<Long> users, List<Recipient> remote) {}

  Expansion expand(Connection c, List<Recipient> recipients) throws SQLException {
    Expansion out = new Expansion(new LinkedHashSet<>(), new ArrayList<>());
    for (Recipient r : recipients) expand(c, r, r.address(), out, 0);
    return out;
  }

  private void expand(Connection c, Recipient r, String address, Expansion out, int depth) throws SQLException {
    MailAddress a = MailAddress.parse(address);
    if (a == null) return;
    if (domainId(c, a.domain()) == null) {
      out.remote().add(new Recipient(a.toString(), r.dsnNotify(), r.orcpt()));
      return;
    }
    UserRow row = userRow(c, a);
    if (row != null) {
      out.users().add(row.id());
      return;
    }
    if (depth >= MAX_ALIAS_DEPTH) return;
    for (String target : aliasTargets(c, a)) expand(c, r, target, out, depth + 1);
  }

  // ---------------------------------------------------------------- rows

  /** A user's row: id, password hash, APOP secret (or null). */
  private record UserRow(long id, String passwordHash, String apopSecret) {}

  private static UserRow userRow(Connection c, MailAddress a) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT u.id, u.password_hash, u.apop_secret FROM mail_user u"
        + " JOIN mail_domain d ON d.id = u.domain_id WHERE d.name = ? AND u.local_part = ?")) {
      ps.setString(1, a.domain());
      ps.setString(2, a.local());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new UserRow(rs.getLong(1), rs.getString(2), rs.getString(3)) : null;
      }
    }
  }

  /** Sets one of the user's secrets ({@code password_hash} or {@code apop_secret}). */
  private static void setColumn(Connection c, String column, String value, long userId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE mail_user SET " + column + " = ? WHERE id = ?")) {
      ps.setString(1, value);
      ps.setLong(2, userId);
      ps.executeUpdate();
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

  private static List<String> aliasTargets(Connection c, MailAddress a) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT a.target FROM mail_alias a JOIN mail_domain d"
        + " ON d.id = a.domain_id WHERE d.name = ? AND a.local_part = ? ORDER BY a.id")) {
      ps.setString(1, a.domain());
      ps.setString(2, a.local());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(rs.getString(1));
      }
    }
    return out;
  }
}
