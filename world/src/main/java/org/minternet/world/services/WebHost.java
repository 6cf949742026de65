package org.minternet.world.services;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.minternet.core.store.Store;
import org.minternet.http.AccessLog;
import org.minternet.http.HttpServer;
import org.minternet.http.Sessions;
import org.minternet.http.Site;
import org.minternet.world.content.DemoApps;
import org.minternet.world.content.TextbookSite;

/**
 * A web host, assembled here only: what the world runs on each web host and {@code minternet http
 * serve} runs alone. Its site answers to the host's name and address, serves a directory
 * ({@code DATA/www/HOST} unless told otherwise) with the demo applications, keeps sessions in a
 * store ({@code DATA/http/HOST/sessions.db}) and an access log in Combined Log Format
 * ({@code DATA/http/HOST/access.log}). The caller adds ports, TLS, an authenticator, a transcript.
 */
public final class WebHost {
  private WebHost() {}

  /** Where a web host's site lives unless told otherwise: {@code DATA/www/HOST}. */
  public static Path defaultRoot(Path dataDir, String host) {
    return dataDir.resolve("www").resolve(host);
  }

  /** Where a web host keeps its sessions and access log: {@code DATA/http/HOST}. */
  public static Path stateDir(Path dataDir, String host) {
    return dataDir.resolve("http").resolve(host);
  }

  /** The store of a web host's sessions, {@code DATA/http/HOST/sessions.db}, created if needed. */
  public static Store sessionStore(Path dataDir, String host) {
    return Store.sqlite(stateDir(dataDir, host).resolve("sessions.db"));
  }

  /** The default access log, {@code DATA/http/HOST/access.log}. */
  public static Path defaultAccessLog(Path dataDir, String host) {
    return stateDir(dataDir, host).resolve("access.log");
  }

  /** Writes the textbook's page with its images into {@code root} unless it has an index.html (a first start). */
  public static void writeContentIfMissing(Path root, String host) throws IOException {
    if (!Files.exists(root.resolve("index.html"))) TextbookSite.write(root, host);
  }

  /**
   * The server of a web host: the site {@code host} (also answering to {@code address}) from
   * {@code root} with the demo applications and their sessions in {@code sessions}, an access log
   * in {@code accessLog} (null: none), bound to {@code address}.
   */
  public static HttpServer.Builder server(String host, InetAddress address, Path root, Store sessions, Path accessLog)
      throws IOException {
    Sessions demoSessions = new Sessions(sessions);
    Site site = DemoApps.install(Site.builder(host).alias(address.getHostAddress()).root(root), demoSessions).build();
    HttpServer.Builder b = HttpServer.builder().host(host).bind(address).site(site).sessions(demoSessions);
    if (accessLog != null) b.accessLog(AccessLog.toFile(accessLog));
    return b;
  }
}
