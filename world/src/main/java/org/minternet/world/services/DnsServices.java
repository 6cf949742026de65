package org.minternet.world.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Base64;
import org.minternet.core.store.Store;
import org.minternet.dns.wire.Tsig;
import java.util.ArrayList;
import java.util.List;
import org.minternet.core.Endpoint;
import org.minternet.dns.server.AuthoritativeServer;
import org.minternet.dns.wire.Name;
import org.minternet.dns.zone.Zone;
import org.minternet.dns.zone.ZoneException;
import org.minternet.dns.zone.ZoneFile;
import org.minternet.world.RunningService;
import org.minternet.world.ServiceContext;
import org.minternet.world.ServiceFactory;
import org.minternet.world.WorldSpec;
import org.minternet.world.WorldZones;

/**
 * The world's authoritative name servers: each dns host serves the zones the world description
 * gives it, generated as master files (also written to {@code DATA/dns/HOST/ZONE.zone}, so that
 * a learner can read what each server holds).
 */
public final class DnsServices {
  private DnsServices() {}

  /** Responses a second per client prefix over UDP on the world's authoritative servers (RRL). */
  public static final int RATE_LIMIT = 1000;

  /** Name of the world's TSIG key for dynamic updates, in {@code DATA/dns/update.key}. */
  public static final String UPDATE_KEY_NAME = "minternet-update";

  public static final ServiceFactory AUTHORITATIVE = DnsServices::startAuthoritative;

  /**
   * The world's update key ({@code NAME:BASE64SECRET}), generated at first start; what
   * {@code minternet dns register} and nsupdate sign their updates with.
   */
  public static Tsig.Key updateKey(Path dataDir) throws IOException {
    Path file = dataDir.resolve("dns").resolve("update.key");
    if (!Files.exists(file)) {
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "key", ".tmp");
      Files.writeString(tmp, UPDATE_KEY_NAME + ":" + Base64.getEncoder().encodeToString(secret) + "\n");
      try {
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        Files.deleteIfExists(tmp);
      }
    }
    String text = Files.readString(file).strip();
    int colon = text.indexOf(':');
    if (colon <= 0) throw new IOException(file + " must hold NAME:BASE64SECRET");
    return Tsig.Key.hmacSha256(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * The serial of a generated zone. Dynamic updates are kept in the store and win over the world
   * description while it is unchanged (serial 1 is older than any stored one); when the
   * description changes, the regenerated zone gets the current time as its serial and wins.
   */
  private static long serial(Path dir, String fileName, String base) throws IOException {
    Path basePath = dir.resolve(fileName + ".base");
    boolean unchanged = Files.exists(basePath) && Files.readString(basePath).equals(base);
    if (unchanged) return 1;
    Files.writeString(basePath, base);
    return System.currentTimeMillis() / 1000;
  }

  private static RunningService startAuthoritative(ServiceContext ctx) throws IOException {
    WorldZones worldZones = new WorldZones(ctx.world());
    String host = ctx.host().name();
    int port = ctx.ports().port("dns");
    List<Zone> zones = new ArrayList<>();
    Path dir = ctx.dataDir().resolve("dns").resolve(host);
    Files.createDirectories(dir);
    AuthoritativeServer.Builder b = AuthoritativeServer.builder().host(host).bind(ctx.host().address())
        .port(ctx.port()).transcript(ctx.transcript()).rateLimit(RATE_LIMIT, 2)
        .updateKey(updateKey(ctx.dataDir()))
        .store(ctx.shared().get("dns-store:" + host, () -> Store.sqlite(dir.resolve("zones.db"))));
    java.util.Set<String> notified = new java.util.HashSet<>();
    for (WorldSpec.ZoneSpec spec : ctx.world().zones()) {
      if (!spec.servers().contains(host)) continue;
      String zone = spec.name();
      String fileName = (zone.equals(".") ? "root" : zone) + ".zone";
      String primary = spec.servers().get(0);
      // a secondary's generated copy has serial 0, older than any of the primary's (RFC 1982), so
      // it is only a stand-in until the first transfer; its own serial, taken from its own clock,
      // could equal or pass the primary's and hide the primary's next change
      long serial = primary.equals(host) ? serial(dir, fileName, worldZones.masterFile(zone, 0)) : 0;
      String text = worldZones.masterFile(zone, serial);
      Files.writeString(dir.resolve(fileName), text);
      Name origin = zone.equals(".") ? Name.ROOT : Name.of(zone + ".");
      try {
        zones.add(ZoneFile.parse(text, origin, fileName));
      } catch (ZoneException e) {
        throw new IOException("generated zone " + zone + " is invalid: " + e.getMessage(), e);
      }
      if (primary.equals(host)) {
        // the primary tells its secondaries at once when a zone changes (RFC 1996)
        for (String other : spec.servers().subList(1, spec.servers().size())) {
          if (notified.add(other)) {
            b.notify(new InetSocketAddress(ctx.world().host(other).orElseThrow().address(), port));
          }
        }
      } else {
        // a secondary starts from the generated zone and follows the primary by AXFR and IXFR
        b.secondary(origin, new InetSocketAddress(ctx.world().host(primary).orElseThrow().address(), port));
      }
    }
    AuthoritativeServer server;
    try {
      server = b.zones(zones).start();
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
