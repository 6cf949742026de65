package org.minternet.world.services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minternet.core.Endpoint;
import org.minternet.core.store.Store;
import org.minternet.http.AccessLog;
import org.minternet.http.BasicAuthenticator;
import org.minternet.http.HttpServer;
import org.minternet.http.Sessions;
import org.minternet.http.Site;
import org.minternet.world.RunningService;
import org.minternet.world.ServiceFactory;
import org.minternet.world.WorldSpec;
import org.minternet.world.content.DemoApps;
import org.minternet.world.content.TextbookSite;

/**
 * The world's web servers: each web host serves its own site from {@code DATA/www/HOST} (the
 * textbook's base page with its ten images, written at first start and then left to the user),
 * with the demo applications, sessions in {@code DATA/http/HOST/sessions.db}, an access log in
 * Combined Log Format, HTTPS with the world's certificate, and PUT/DELETE for the world's users.
 */
public final class WebServices {
  private WebServices() {}

  public static final ServiceFactory WEB = ctx -> {
    if (!ctx.shared().claim("web:" + ctx.host().name())) return RunningService.PART_OF_ANOTHER;
    String host = ctx.host().name();
    Path root = ctx.dataDir().resolve("www").resolve(host);
    if (!Files.exists(root.resolve("index.html"))) TextbookSite.write(root, host);
    Path state = ctx.dataDir().resolve("http").resolve(host);
    Store sessions = ctx.shared().get("http-store:" + host, () -> Store.sqlite(state.resolve("sessions.db")));
    Map<String, String> users = new LinkedHashMap<>();
    for (WorldSpec.UserSpec u : ctx.world().users()) users.put(u.address(), u.password());
    Sessions demoSessions = new Sessions(sessions);
    Site site = DemoApps.install(Site.builder(host).alias(ctx.host().address().getHostAddress())
        .root(root), demoSessions).build();
    HttpServer.Builder b = HttpServer.builder().name("http").host(host).bind(ctx.host().address())
        .site(site).sessions(demoSessions).accessLog(AccessLog.toFile(state.resolve("access.log")))
        .authenticator(BasicAuthenticator.of(users)).transcript(ctx.transcript())
        .port(ctx.host().runs("http") ? ctx.ports().port("http") : -1);
    if (ctx.host().runs("https")) b.tls(WorldTls.context(ctx), ctx.ports().port("https"));
    HttpServer server = b.build();
    List<Endpoint> endpoints = server.start();
    return new RunningService() {
      @Override
      public List<Endpoint> endpoints() {
        return endpoints;
      }

      @Override
      public String tryIt(Endpoint e) {
        String scheme = e.service().equals("https") ? "https" : "http";
        String k = scheme.equals("https") ? "-k " : "";
        return "curl " + k + "--resolve " + host + ":" + e.port() + ":" + e.address().getHostAddress() + " "
            + scheme + "://" + host + ":" + e.port() + "/";
      }

      @Override
      public void close() {
        server.close();
      }
    };
  };
}
