package org.minternet.world.services;

import java.util.List;
import org.minternet.core.Endpoint;
import org.minternet.http.AccessLog;
import org.minternet.http.proxy.CachingProxy;
import org.minternet.world.RunningService;
import org.minternet.world.ServiceFactory;

/**
 * The institution's web cache (the textbook's cache.poly.edu): a forward caching proxy that
 * resolves origins through the world's DNS, with a disk tier in {@code DATA/cache/HOST} that
 * survives restarts, and an access log in {@code DATA/http/HOST/access.log} (Combined Log Format
 * with the cache result). Loopback clients only: never an open proxy.
 */
public final class ProxyServices {
  private ProxyServices() {}

  public static final ServiceFactory PROXY = ctx -> {
    CachingProxy proxy = CachingProxy.builder().host(ctx.host().name()).bind(ctx.host().address())
        .port(ctx.port()).resolver(ctx.resolver()).via(ctx.host().name())
        .diskDirectory(ctx.dataDir().resolve("cache").resolve(ctx.host().name()))
        .debugHeader(true).transcript(ctx.transcript())
        .accessLog(AccessLog.toFile(ctx.dataDir().resolve("http").resolve(ctx.host().name()).resolve("access.log")))
        .build();
    List<Endpoint> endpoints = proxy.start();
    return new RunningService() {
      @Override
      public List<Endpoint> endpoints() {
        return endpoints;
      }

      @Override
      public String tryIt(Endpoint e) {
        return "curl -x " + e.hostPort() + " http://gaia.cs.umass.edu:" + ctx.ports().port("http") + "/";
      }

      @Override
      public void close() {
        proxy.close();
      }
    };
  };
}
