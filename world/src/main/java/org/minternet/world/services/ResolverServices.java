package org.minternet.world.services;

import java.util.List;
import org.minternet.core.Endpoint;
import org.minternet.dns.resolver.RecursiveResolver;
import org.minternet.dns.resolver.ResolverServer;
import org.minternet.world.RunningService;
import org.minternet.world.ServiceFactory;

/**
 * The world's local DNS server (the textbook's "local name server"): recursive service to the
 * world's clients over UDP and TCP, sharing its cache with the resolver every Minternet service of
 * the world uses.
 */
public final class ResolverServices {
  private ResolverServices() {}

  public static final ServiceFactory RESOLVER = ctx -> {
    if (!(ctx.resolver() instanceof RecursiveResolver resolver)) {
      throw new java.io.IOException("the resolver service needs a world with a root zone");
    }
    ResolverServer server = ResolverServer.builder().resolver(resolver).host(ctx.host().name())
        .bind(ctx.host().address()).port(ctx.port()).transcript(ctx.transcript()).start();
    return new RunningService() {
      @Override
      public List<Endpoint> endpoints() {
        return server.endpoints();
      }

      @Override
      public String tryIt(Endpoint e) {
        return "dig @" + e.address().getHostAddress() + " -p " + e.port() + " gaia.cs.umass.edu";
      }

      @Override
      public void close() {
        // stops the listeners; the world closes the shared resolver itself
        server.close();
      }
    };
  };
}
