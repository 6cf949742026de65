package org.minternet.world.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.minternet.core.Endpoint;
import org.minternet.dns.AuthoritativeServer;
import org.minternet.dns.wire.Name;
import org.minternet.dns.zone.Zone;
import org.minternet.dns.zone.ZoneException;
import org.minternet.dns.zone.ZoneFile;
import org.minternet.world.RunningService;
import org.minternet.world.ServiceContext;
import org.minternet.world.ServiceFactory;
import org.minternet.world.WorldZones;

/**
 * The world's authoritative name servers: each dns host serves the zones the world description
 * gives it, generated as master files (also written to {@code DATA/dns/HOST/ZONE.zone}, so that
 * a learner can read what each server holds).
 */
public final class DnsServices {
  private DnsServices() {}

  /** Serial of generated zones: the date and a counter, as operators write them. */
  static long serial() {
    java.time.LocalDate d = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
    return d.getYear() * 1_000_000L + d.getMonthValue() * 10_000L + d.getDayOfMonth() * 100L + 1;
  }

  public static final ServiceFactory AUTHORITATIVE = DnsServices::startAuthoritative;

  private static RunningService startAuthoritative(ServiceContext ctx) throws IOException {
    WorldZones worldZones = new WorldZones(ctx.world());
    Map<String, String> files = worldZones.masterFiles(serial());
    List<Zone> zones = new ArrayList<>();
    Path dir = ctx.dataDir().resolve("dns").resolve(ctx.host().name());
    Files.createDirectories(dir);
    for (String zone : worldZones.zonesServedBy(ctx.host().name())) {
      String text = files.get(zone);
      String fileName = (zone.equals(".") ? "root" : zone) + ".zone";
      Files.writeString(dir.resolve(fileName), text);
      try {
        zones.add(ZoneFile.parse(text, zone.equals(".") ? Name.ROOT : Name.of(zone + "."), fileName));
      } catch (ZoneException e) {
        throw new IOException("generated zone " + zone + " is invalid: " + e.getMessage(), e);
      }
    }
    AuthoritativeServer server;
    try {
      server = AuthoritativeServer.builder().host(ctx.host().name()).bind(ctx.host().address())
          .port(ctx.port()).zones(zones).transcript(ctx.transcript()).start();
    } catch (ZoneException e) {
      throw new IOException(e.getMessage(), e);
    }
    return new RunningService() {
      @Override
      public List<Endpoint> endpoints() {
        return server.endpoints();
      }

      @Override
      public String tryIt(Endpoint e) {
        String zone = zones.isEmpty() ? "." : zones.get(0).origin().toString();
        return "dig @" + e.address().getHostAddress() + " -p " + e.port() + " " + zone + " SOA";
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }
}
