package org.minternet.world.services;

import java.time.Duration;
import java.util.List;
import org.minternet.core.Endpoint;
import org.minternet.sockets.SelectorUppercaseServer;
import org.minternet.sockets.TcpUppercaseServer;
import org.minternet.sockets.UdpPingServer;
import org.minternet.sockets.UdpUppercaseServer;
import org.minternet.world.RunningService;
import org.minternet.world.ServiceFactory;

/** Factories for the textbook's socket programs. */
public final class SocketServices {
  private SocketServices() {}

  private static RunningService running(Endpoint endpoint, AutoCloseable server, String hint) {
    return new RunningService() {
      @Override
      public List<Endpoint> endpoints() {
        return List.of(endpoint);
      }

      @Override
      public String tryIt(Endpoint e) {
        return hint.replace("ADDR", e.address().getHostAddress()).replace("PORT", Integer.toString(e.port()));
      }

      @Override
      public void close() {
        try {
          server.close();
        } catch (Exception ignored) {
          // stopping anyway
        }
      }
    };
  }

  public static final ServiceFactory TCP_UPPER = ctx -> {
    TcpUppercaseServer s = TcpUppercaseServer.start(ctx.host().address(), ctx.port(), ctx.host().name(),
        1000, Duration.ofMinutes(5), ctx.transcript());
    return running(s.endpoint(), s, "echo hello | nc -q1 ADDR PORT");
  };

  public static final ServiceFactory UDP_UPPER = ctx -> {
    UdpUppercaseServer s = UdpUppercaseServer.start(ctx.host().address(), ctx.port(), ctx.host().name(),
        ctx.transcript());
    return running(s.endpoint(), s, "echo hello | nc -u -w1 ADDR PORT");
  };

  public static final ServiceFactory UDP_PING = ctx -> {
    double loss = Double.parseDouble(ctx.service().option("loss", "0"));
    UdpPingServer s = UdpPingServer.start(ctx.host().address(), ctx.port(), ctx.host().name(), loss,
        ctx.transcript());
    return running(s.endpoint(), s, "minternet sockets ping ADDR -p PORT");
  };

  public static final ServiceFactory SELECT_UPPER = ctx -> {
    SelectorUppercaseServer s = SelectorUppercaseServer.start(ctx.host().address(), ctx.port(),
        ctx.host().name(), 10_000, Duration.ofMinutes(5));
    return running(s.endpoint(), s, "echo hello | nc -q1 ADDR PORT");
  };
}
