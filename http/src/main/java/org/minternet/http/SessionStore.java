package org.minternet.http;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minternet.core.store.Migration;
import org.minternet.core.store.Store;
import org.minternet.http.wire.FormData;
import org.minternet.http.wire.HttpException;

/** Sessions in the JDBC store, one row per session, attributes form-encoded. */
final class SessionStore {
  static final String COOKIE = "MSESSIONID";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final List<Migration> MIGRATIONS = List.of(new Migration(1, "http sessions",
      "CREATE TABLE http_session (id VARCHAR(64) NOT NULL, site VARCHAR(255) NOT NULL,"
          + " data TEXT NOT NULL, created_at VARCHAR(40) NOT NULL, updated_at VARCHAR(40) NOT NULL,"
          + " PRIMARY KEY (site, id))"));

  private final Store store;

  /** Sessions unused for this long are deleted when the server starts. */
  static final java.time.Duration MAX_IDLE = java.time.Duration.ofDays(30);

  SessionStore(Store store) {
    this.store = store;
    store.migrate("http", MIGRATIONS);
    String cutoff = Instant.now().minus(MAX_IDLE).toString();
    store.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM http_session WHERE updated_at < ?")) {
        ps.setString(1, cutoff);
        return ps.executeUpdate();
      }
    });
  }

  static String newId() {
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static boolean plausibleId(String id) {
    return id != null && id.length() == 48 && id.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  Session load(String site, String id) {
    if (!plausibleId(id)) return null;
    String data = store.read(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT data FROM http_session WHERE site = ? AND id = ?")) {
        ps.setString(1, site);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    });
    if (data == null) return null;
    Map<String, String> attrs = new LinkedHashMap<>();
    try {
      FormData.urlEncoded(data).forEach((k, v) -> attrs.put(k, v.get(0)));
    } catch (HttpException e) {
      return null;
    }
    return new Session(id, attrs, false);
  }

  void save(String site, Session s) {
    StringBuilder sb = new StringBuilder();
    s.attributes().forEach((k, v) -> {
      if (!sb.isEmpty()) sb.append('&');
      sb.append(enc(k)).append('=').append(enc(v));
    });
    String now = Instant.now().toString();
    store.inTransaction(c -> {
      try (PreparedStatement up = c.prepareStatement(
          "UPDATE http_session SET data = ?, updated_at = ? WHERE site = ? AND id = ?")) {
        up.setString(1, sb.toString());
        up.setString(2, now);
        up.setString(3, site);
        up.setString(4, s.id());
        if (up.executeUpdate() > 0) return null;
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO http_session"
          + " (id, site, data, created_at, updated_at) VALUES (?,?,?,?,?)")) {
        ins.setString(1, s.id());
        ins.setString(2, site);
        ins.setString(3, sb.toString());
        ins.setString(4, now);
        ins.setString(5, now);
        ins.executeUpdate();
      }
      return null;
    });
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
