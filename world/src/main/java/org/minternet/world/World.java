package org.minternet.world;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.minternet.core.Endpoint;
import org.minternet.core.naming.NameResolver;
import org.minternet.core.tap.Transcript;

/**
 * A running world: every service of every host of a {@link WorldSpec} that this build can start,
 * on the addresses and ports of the plan. Closing the world stops them all, in reverse order.
 */
public final class World implements AutoCloseable {
  private static final Logger LOG = System.getLogger(World.class.getName());

  /** A started service together with the host and spec it runs for. */
  public record Started(HostSpec host, ServiceSpec service, RunningService running) {}

  private final WorldSpec spec;
  private final WorldOptions options;
  private final List<Started> started = new ArrayList<>();
  private final Set<String> notBuilt = new LinkedHashSet<>();
  private final NameResolver resolver;
  private final SharedResources shared = new SharedResources();

  private World(WorldSpec spec, WorldOptions options) {
    this.spec = spec;
    this.options = options;
    this.resolver = WorldResolvers.create(spec, options.ports());
  }

  /** Starts every service of the world; on failure, stops what was started and throws. */
  public static World start(WorldSpec spec, WorldOptions options) throws IOException {
    World world = new World(spec, options);
    try {
      world.startAll();
    } catch (IOException | RuntimeException e) {
      world.close();
      throw e;
    }
    return world;
  }

  private void startAll() throws IOException {
    for (HostSpec host : spec.hosts()) {
      for (ServiceSpec s : host.services()) {
        if (Services.get(s.kind()) == null) notBuilt.add(s.kind());
      }
    }
    for (String kind : Services.kinds()) {
      ServiceFactory factory = Services.get(kind);
      for (HostSpec host : spec.hosts()) {
        for (ServiceSpec s : host.services()) {
          if (!s.kind().equals(kind)) continue;
          ServiceContext ctx = new ServiceContext(spec, host, s, options.ports(), options.dataDir(),
              options.transcript(), resolver, shared, options.tls());
          try {
            started.add(new Started(host, s, factory.start(ctx)));
          } catch (BindException e) {
            throw new IOException(bindAdvice(host, s, ctx.port(), e), e);
          } catch (IOException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            if (m.contains("Permission denied") || m.contains("Cannot assign requested address")
                || m.contains("Address already in use")) {
              throw new IOException(bindAdvice(host, s, ctx.port(), e), e);
            }
            throw e;
          }
          LOG.log(Level.DEBUG, () -> "started " + s.kind() + " on " + host.name());
        }
      }
    }
  }

  private String bindAdvice(HostSpec host, ServiceSpec s, int port, Exception e) {
    String m = String.valueOf(e.getMessage());
    String advice;
    if (m.contains("Permission denied")) {
      advice = "ports below 1024 need root or CAP_NET_BIND_SERVICE; use the unprivileged port plan";
    } else if (m.contains("Cannot assign requested address")) {
      advice = "this system does not route " + host.address().getHostAddress()
          + " to loopback (Linux routes all of 127.0.0.0/8; on macOS add it with 'ifconfig lo0 alias')";
    } else {
      advice = "another program uses that port; stop it or choose another port plan";
    }
    return "cannot start " + s.kind() + " for " + host.name() + " on " + host.address().getHostAddress()
        + ":" + port + ": " + advice;
  }

  public WorldSpec spec() {
    return spec;
  }

  public WorldOptions options() {
    return options;
  }

  public Transcript transcript() {
    return options.transcript();
  }

  /** Name resolution as the world's services use it. */
  public NameResolver resolver() {
    return resolver;
  }

  public List<Started> services() {
    return Collections.unmodifiableList(started);
  }

  /** Service kinds the world declares that this build cannot start yet. */
  public Set<String> notBuilt() {
    return Collections.unmodifiableSet(notBuilt);
  }

  public List<Endpoint> endpoints() {
    List<Endpoint> all = new ArrayList<>();
    for (Started s : started) all.addAll(s.running().endpoints());
    return all;
  }

  /** The endpoint of a service of a host, e.g. {@code endpoint("gaia.cs.umass.edu", "tcp-upper")}. */
  public Optional<Endpoint> endpoint(String host, String service) {
    return endpoints().stream()
        .filter(e -> e.host().equalsIgnoreCase(host) && e.service().equals(service)).findFirst();
  }

  /** Like {@link #endpoint} but fails with a clear message when absent. */
  public Endpoint require(String host, String service) {
    return endpoint(host, service).orElseThrow(() -> new IllegalArgumentException(
        "world " + spec.name() + " has no " + service + " service on " + host));
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).running().close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "stopping " + started.get(i).service().kind() + " failed", e);
      }
    }
    started.clear();
    shared.close();
    if (resolver instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // stopping anyway
      }
    }
  }
}
