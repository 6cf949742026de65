package org.minternet.http;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One virtual host (RFC 9110 §7.2): the names the Host header selects it by, its routes, and
 * optionally a document root served as static files for every path no route claims.
 */
public final class Site {
  /**
   * A route: methods, a path pattern (exact, or a prefix ending in {@code /*}), the body limit and
   * the handler. GET routes answer HEAD too.
   */
  public record Route(Set<String> methods, String pattern, long maxBody, Handler handler) {
    boolean matches(String path) {
      if (pattern.endsWith("/*")) {
        String prefix = pattern.substring(0, pattern.length() - 1);
        return path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1));
      }
      return path.equals(pattern);
    }

    boolean allows(String method) {
      return methods.contains(method) || (method.equals("HEAD") && methods.contains("GET"));
    }
  }

  private final String name;
  private final List<String> aliases;
  private final Path root;
  private final List<Route> routes;
  private final long maxBody;
  private final StaticFiles files;

  private Site(Builder b) {
    this.name = b.name;
    this.aliases = List.copyOf(b.aliases);
    this.root = b.root;
    this.routes = List.copyOf(b.routes);
    this.maxBody = b.maxBody;
    this.files = root == null ? null : new StaticFiles(root, b.gzip);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The primary host name. */
  public String name() {
    return name;
  }

  public List<String> aliases() {
    return aliases;
  }

  public Path root() {
    return root;
  }

  public List<Route> routes() {
    return routes;
  }

  /** The body limit for the static root's PUT uploads. */
  public long maxBody() {
    return maxBody;
  }

  StaticFiles files() {
    return files;
  }

  boolean answers(String host) {
    if (host.equals(name)) return true;
    for (String a : aliases) if (a.equals(host)) return true;
    return false;
  }

  /** Configuration of a site. */
  public static final class Builder {
    private final String name;
    private final List<String> aliases = new ArrayList<>();
    private Path root;
    private final List<Route> routes = new ArrayList<>();
    private long maxBody = org.minternet.http.wire.Limits.DEFAULT_MAX_BODY;
    private boolean gzip = true;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name).toLowerCase(Locale.ROOT);
    }

    /** Another name (or address) the Host header may use for this site. */
    public Builder alias(String alias) {
      aliases.add(alias.toLowerCase(Locale.ROOT));
      return this;
    }

    /** Serves static files from this directory. */
    public Builder root(Path root) {
      this.root = root.toAbsolutePath().normalize();
      return this;
    }

    /** Largest PUT body accepted under the root (413 beyond). */
    public Builder maxBody(long maxBody) {
      this.maxBody = maxBody;
      return this;
    }

    /** Whether static text files are gzip-compressed for clients that accept it (default on). */
    public Builder gzip(boolean gzip) {
      this.gzip = gzip;
      return this;
    }

    public Builder route(Set<String> methods, String pattern, long maxBody, Handler handler) {
      if (!pattern.startsWith("/")) throw new IllegalArgumentException("pattern " + pattern);
      routes.add(new Route(new LinkedHashSet<>(methods), pattern, maxBody, handler));
      return this;
    }

    public Builder get(String pattern, Handler handler) {
      return route(Set.of("GET"), pattern, 0, handler);
    }

    public Builder post(String pattern, Handler handler) {
      return route(Set.of("POST"), pattern, maxBody, handler);
    }

    /** GET and POST on one pattern. */
    public Builder getPost(String pattern, Handler handler) {
      return route(Set.of("GET", "POST"), pattern, maxBody, handler);
    }

    public Site build() {
      return new Site(this);
    }
  }
}
