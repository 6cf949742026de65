package org.minternet.world.services;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.minternet.core.Endpoint;
import org.minternet.core.store.Store;
import org.minternet.http.BasicAuthenticator;
import org.minternet.http.HttpServer;
import org.minternet.world.RunningService;
import org.minternet.world.ServiceFactory;
import org.minternet.world.WorldSpec;

/**
 * The world's web servers: each web host ({@link WebHost}) serves its own site from
 * {@code DATA/www/HOST} (the textbook's base page with its ten images, written at first start and
 * then left to the user), with the demo applications, sessions in {@code DATA/http/HOST/sessions.db},
 * an access log in Combined Log Format, HTTPS with the world's certificate, and PUT/DELETE for the
 * world's users.
 */
public final class WebServices {
  private WebServices() {}

  public static final ServiceFactory WEB = ctx -> {
    if (!ctx.shared().claim("web:" + ctx.host().name())) return RunningService.PART_OF_ANOTHER;
    String host = ctx.host().name();
    Path root = WebHost.defaultRoot(ctx.dataDir(), host);
    WebHost.writeContentIfMissing(root, host);
    Store sessions = ctx.shared().get("http-store:" + host, () -> WebHost.sessionStore(ctx.dataDir(), host));
    Map<String, String> users = new LinkedHashMap<>();
    for (WorldSpec.UserSpec u : ctx.world().users()) users.put(u.address(), u.password());
    HttpServer.Builder b = WebHost.server(host, ctx.host().address(), root, sessions, WebHost.defaultAccessLog(ctx.dataDir(), host))
        .name("http").authenticator(BasicAuthenticator.of(users)).transcript(ctx.transcript())
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
