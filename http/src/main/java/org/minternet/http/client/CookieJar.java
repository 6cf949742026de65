package org.minternet.http.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.minternet.http.wire.HttpDate;

/**
 * The client's cookies (RFC 6265), kept in memory and read from and written to the Netscape
 * {@code cookies.txt} format that curl ({@code -b}/{@code -c}) and wget use: one cookie per line,
 * seven tab-separated fields (domain, include subdomains, path, secure, expiry in epoch seconds, 0
 * for a session cookie, name, value), {@code #HttpOnly_} before the domain of an HttpOnly cookie.
 */
public final class CookieJar {
  /** One stored cookie. */
  public record Cookie(String domain, boolean includeSubdomains, String path, boolean secure,
      long expires, String name, String value, boolean httpOnly) {
    boolean expired(long now) {
      return expires != 0 && expires <= now;
    }

    boolean matches(String host, String requestPath, boolean https) {
      boolean domainOk = includeSubdomains
          ? host.equals(domain) || host.endsWith("." + domain)
          : host.equals(domain);
      return domainOk && pathMatches(requestPath, path) && (!secure || https);
    }
  }

  private final List<Cookie> cookies = new ArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();

  public static CookieJar empty() {
    return new CookieJar();
  }

  /** Reads a cookies.txt file; a missing file is an empty jar; malformed lines are skipped. */
  public static CookieJar load(Path file) throws IOException {
    CookieJar jar = new CookieJar();
    if (!Files.exists(file)) return jar;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      boolean httpOnly = false;
      if (line.startsWith("#HttpOnly_")) {
        httpOnly = true;
        line = line.substring("#HttpOnly_".length());
      } else if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 7) continue;
      String domain = f[0].toLowerCase(Locale.ROOT);
      if (domain.startsWith(".")) domain = domain.substring(1);
      try {
        jar.cookies.add(new Cookie(domain, f[1].equalsIgnoreCase("TRUE"), f[2],
            f[3].equalsIgnoreCase("TRUE"), Long.parseLong(f[4]), f[5], f[6], httpOnly));
      } catch (NumberFormatException e) {
        // skip the line like curl does
      }
    }
    return jar;
  }

  /** Writes the jar in cookies.txt format (atomically), leaving out expired cookies. */
  public void save(Path file) throws IOException {
    StringBuilder sb = new StringBuilder("# Netscape HTTP Cookie File\n"
        + "# Written by minternet fetch. Edit at your own risk.\n\n");
    long now = Instant.now().getEpochSecond();
    for (Cookie c : all()) {
      if (c.expired(now)) continue;
      sb.append(c.httpOnly() ? "#HttpOnly_" : "")
          .append(c.includeSubdomains() ? "." : "").append(c.domain()).append('\t')
          .append(c.includeSubdomains() ? "TRUE" : "FALSE").append('\t').append(c.path()).append('\t')
          .append(c.secure() ? "TRUE" : "FALSE").append('\t').append(c.expires()).append('\t')
          .append(c.name()).append('\t').append(c.value()).append('\n');
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".cookies", ".tmp");
    Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public List<Cookie> all() {
    lock.lock();
    try {
      return List.copyOf(cookies);
    } finally {
      lock.unlock();
    }
  }

  /** Stores a Set-Cookie value received from {@code uri} (RFC 6265 §5.2, §5.3). */
  public void store(URI uri, String setCookie) {
    String[] parts = setCookie.split(";");
    int eq = parts[0].indexOf('=');
    if (eq <= 0) return;
    String name = parts[0].substring(0, eq).trim();
    String value = parts[0].substring(eq + 1).trim();
    if (name.isEmpty() || name.contains("\t") || value.contains("\t")) return;
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    String domain = null;
    String path = null;
    boolean secure = false;
    boolean httpOnly = false;
    Long maxAge = null;
    Instant expires = null;
    for (int i = 1; i < parts.length; i++) {
      String a = parts[i].trim();
      int e = a.indexOf('=');
      String key = (e < 0 ? a : a.substring(0, e)).trim().toLowerCase(Locale.ROOT);
      String v = e < 0 ? "" : a.substring(e + 1).trim();
      switch (key) {
        case "domain" -> domain = v.startsWith(".") ? v.substring(1).toLowerCase(Locale.ROOT)
            : v.toLowerCase(Locale.ROOT);
        case "path" -> path = v.startsWith("/") ? v : null;
        case "secure" -> secure = true;
        case "httponly" -> httpOnly = true;
        case "max-age" -> {
          try {
            maxAge = Long.parseLong(v);
          } catch (NumberFormatException ignored) {
            // ignore the attribute (RFC 6265 §5.2.2)
          }
        }
        case "expires" -> expires = HttpDate.parse(v);
        default -> { }
      }
    }
    boolean hostOnly = domain == null || domain.isEmpty();
    if (!hostOnly && !(host.equals(domain) || host.endsWith("." + domain))) return;
    if (hostOnly) domain = host;
    if (path == null) path = defaultPath(uri.getRawPath());
    long now = Instant.now().getEpochSecond();
    long expiry = 0;
    if (maxAge != null) expiry = maxAge <= 0 ? 1 : now + maxAge;
    else if (expires != null) expiry = Math.max(1, expires.getEpochSecond());
    Cookie cookie = new Cookie(domain, !hostOnly, path, secure, expiry, name, value, httpOnly);
    lock.lock();
    try {
      String d = domain;
      String p = path;
      cookies.removeIf(c -> c.name().equals(name) && c.domain().equals(d) && c.path().equals(p));
      if (!cookie.expired(now)) cookies.add(cookie);
    } finally {
      lock.unlock();
    }
  }

  /** The Cookie header for a request to {@code uri}, or null when no cookie applies. */
  public String header(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    long now = Instant.now().getEpochSecond();
    List<Cookie> matching = new ArrayList<>();
    for (Cookie c : all()) if (!c.expired(now) && c.matches(host, path, https)) matching.add(c);
    if (matching.isEmpty()) return null;
    matching.sort(Comparator.comparingInt((Cookie c) -> c.path().length()).reversed());
    StringBuilder sb = new StringBuilder();
    for (Cookie c : matching) {
      if (!sb.isEmpty()) sb.append("; ");
      sb.append(c.name()).append('=').append(c.value());
    }
    return sb.toString();
  }

  static String defaultPath(String requestPath) {
    if (requestPath == null || !requestPath.startsWith("/")) return "/";
    int last = requestPath.lastIndexOf('/');
    return last <= 0 ? "/" : requestPath.substring(0, last);
  }

  static boolean pathMatches(String requestPath, String cookiePath) {
    if (requestPath.equals(cookiePath)) return true;
    if (!requestPath.startsWith(cookiePath)) return false;
    return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/';
  }
}
