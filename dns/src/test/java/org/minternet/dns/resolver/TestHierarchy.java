package org.minternet.dns.resolver;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.minternet.dns.server.AuthoritativeServer;
import org.minternet.dns.wire.Name;
import org.minternet.dns.zone.Zone;
import org.minternet.dns.zone.ZoneException;
import org.minternet.dns.zone.ZoneFile;

/**
 * A small DNS hierarchy on loopback addresses, all on one port, served by our authoritative
 * servers: a root, a TLD server for com/net/org, and authoritative servers for example.com,
 * hosting.net (which also serves other.com, delegated without glue) and example.org (two name
 * servers, the second of which does not answer).
 */
final class TestHierarchy implements AutoCloseable {
  static final String ROOT = "127.77.0.1";
  static final String TLD = "127.77.0.2";
  static final String EXAMPLE_COM = "127.77.0.3";
  static final String HOSTING = "127.77.0.4";
  static final String EXAMPLE_ORG = "127.77.0.5";
  /** Listed as example.org's second name server; nothing listens there. */
  static final String DEAD = "127.77.0.9";

  static final String ROOT_ZONE = """
      $TTL 86400
      @ SOA a.root-servers.net. hostmaster.root. 1 3600 900 604800 3600
        NS a.root-servers.net.
      a.root-servers.net. A 127.77.0.1
      com. NS a.gtld-servers.net.
      net. NS a.gtld-servers.net.
      org. NS a.gtld-servers.net.
      a.gtld-servers.net. A 127.77.0.2
      """;
  static final String COM = """
      $TTL 86400
      @ SOA a.gtld-servers.net. hostmaster.com. 1 3600 900 604800 900
        NS a.gtld-servers.net.
      example NS ns1.example
      ns1.example A 127.77.0.3
      other NS ns.hosting.net.
      loopa NS ns.loopb.com.
      loopb NS ns.loopa.com.
      """;
  static final String NET = """
      $TTL 86400
      @ SOA a.gtld-servers.net. hostmaster.net. 1 3600 900 604800 900
        NS a.gtld-servers.net.
      a.gtld-servers A 127.77.0.2
      hosting NS ns.hosting
      ns.hosting A 127.77.0.4
      """;
  static final String ORG = """
      $TTL 86400
      @ SOA a.gtld-servers.net. hostmaster.org. 1 3600 900 604800 900
        NS a.gtld-servers.net.
      example NS ns1.example
      example NS ns2.example
      ns1.example A 127.77.0.5
      ns2.example A 127.77.0.9
      """;
  static final String EXAMPLE_COM_ZONE = """
      $TTL 3600
      @ SOA ns1 hostmaster 1 3600 900 604800 300
        NS ns1
        MX 20 mx2
        MX 10 mx1
        TXT "v=spf1 -all"
      ns1 A 127.77.0.3
      www 300 A 127.77.10.1
      mx1 A 127.77.10.25
      mx2 A 127.77.10.26
      alias CNAME www.example.org.
      chain1 CNAME chain2
      chain2 CNAME alias
      loop1 CNAME loop2
      loop2 CNAME loop1
      short 20 A 127.77.10.20
      a.b.c.d.deep A 127.77.10.4
      big TXT "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
      nomail A 127.77.10.30
      nomail MX 0 .
      plain A 127.77.10.31
      """;
  static final String HOSTING_ZONE = """
      $TTL 3600
      @ SOA ns hostmaster 1 3600 900 604800 300
        NS ns
      ns A 127.77.0.4
      """;
  static final String OTHER_COM_ZONE = """
      $TTL 3600
      @ SOA ns.hosting.net. hostmaster 1 3600 900 604800 300
        NS ns.hosting.net.
      www A 127.77.10.3
      """;
  static final String EXAMPLE_ORG_ZONE = """
      $TTL 3600
      @ SOA ns1 hostmaster 1 3600 900 604800 600
        NS ns1
        NS ns2
      ns1 A 127.77.0.5
      ns2 A 127.77.0.9
      www A 127.77.10.2
      """;

  final List<AuthoritativeServer> servers = new ArrayList<>();
  final int port;

  TestHierarchy() throws Exception {
    this(0);
  }

  /** Starts every server on {@code port} (0: a port free on the first address). */
  TestHierarchy(int wanted) throws Exception {
    AuthoritativeServer root = start(ROOT, wanted, Map.of(".", ROOT_ZONE), 1232);
    port = root.port();
    start(TLD, port, Map.of("com.", COM, "net.", NET, "org.", ORG), 1232);
    start(EXAMPLE_COM, port, Map.of("example.com.", EXAMPLE_COM_ZONE), 512);
    start(HOSTING, port, Map.of("hosting.net.", HOSTING_ZONE, "other.com.", OTHER_COM_ZONE), 1232);
    start(EXAMPLE_ORG, port, Map.of("example.org.", EXAMPLE_ORG_ZONE), 1232);
  }

  private AuthoritativeServer start(String address, int port, Map<String, String> zones,
      int maxUdp) throws IOException, ZoneException {
    AuthoritativeServer.Builder b = AuthoritativeServer.builder().host(address)
        .bind(InetAddress.getByName(address)).port(port).maxUdpPayload(maxUdp);
    for (Map.Entry<String, String> z : zones.entrySet()) b.zone(zone(z.getKey(), z.getValue()));
    AuthoritativeServer s;
    try {
      s = b.start();
    } catch (IOException e) {
      close();
      throw e;
    }
    servers.add(s);
    return s;
  }

  static Zone zone(String origin, String text) throws ZoneException {
    return ZoneFile.parse(text, Name.of(origin), origin);
  }

  RecursiveResolver.Builder resolver() throws IOException {
    return RecursiveResolver.builder().rootServers(List.of(InetAddress.getByName(ROOT)))
        .authorityPort(port).queryTimeout(java.time.Duration.ofMillis(300)).prefetch(false);
  }

  @Override
  public void close() {
    for (AuthoritativeServer s : servers) s.close();
  }
}
