package org.minternet.dns.server;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.minternet.dns.wire.Name;
import org.minternet.dns.zone.Zone;

/**
 * A small DNS hierarchy for tests, like the default world's: a root server on 127.1.0.1, the edu
 * TLD server on 127.2.0.1 and someschool.edu's server on 127.3.0.1, all on one port.
 */
public final class Hierarchy implements AutoCloseable {
  public static final String ROOT_ADDR = "127.1.0.1";
  public static final String TLD_ADDR = "127.2.0.1";
  public static final String AUTH_ADDR = "127.3.0.1";

  /** The key the edu server accepts UPDATEs with (the registrar's). */
  public static final org.minternet.dns.wire.Tsig.Key REGISTRAR_KEY =
      org.minternet.dns.wire.Tsig.Key.hmacSha256("registrar.", "cmVnaXN0cmFyLXNlY3JldC1mb3ItdGVzdHM=");

  final List<AuthoritativeServer> servers = new ArrayList<>();
  public final int port;

  public Hierarchy() throws Exception {
    Zone root = Zone.builder(Name.ROOT)
        .add("@", 86400, "SOA", "a.root-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400")
        .add("@", 518400, "NS", "a.root-servers.net.")
        .add("a.root-servers.net.", 518400, "A", ROOT_ADDR)
        .add("edu.", 172800, "NS", "a.edu-servers.net.")
        .add("a.edu-servers.net.", 172800, "A", TLD_ADDR)
        .build();
    Zone edu = Zone.builder(Name.of("edu."))
        .add("@", 86400, "SOA", "a.edu-servers.net. admin.edu. 1 1800 900 604800 86400")
        .add("@", 172800, "NS", "a.edu-servers.net.")
        .add("someschool", 172800, "NS", "dns.someschool")
        .add("dns.someschool", 172800, "A", AUTH_ADDR)
        .add("noglue", 172800, "NS", "ns.someschool.edu.")
        .build();
    Zone school = Zone.builder(Name.of("someschool.edu."))
        .add("@", 3600, "SOA", "dns hostmaster 2024010101 3600 900 604800 300")
        .add("@", 3600, "NS", "dns")
        .add("dns", 3600, "A", AUTH_ADDR)
        .add("ns", 3600, "A", AUTH_ADDR)
        .add("www", 3600, "A", "127.4.0.1")
        .add("@", 3600, "MX", "10 mail")
        .add("mail", 3600, "A", "127.5.0.1")
        .build();
    Zone noglue = Zone.builder(Name.of("noglue.edu."))
        .add("@", 3600, "SOA", "ns.someschool.edu. hostmaster 1 3600 900 604800 300")
        .add("@", 3600, "NS", "ns.someschool.edu.")
        .add("www", 3600, "A", "127.4.0.2")
        .build();
    AuthoritativeServer r = AuthoritativeServer.builder().host("a.root-servers.net")
        .bind(InetAddress.getByName(ROOT_ADDR)).port(0).zone(root).start();
    servers.add(r);
    port = r.port();
    servers.add(AuthoritativeServer.builder().host("a.edu-servers.net")
        .bind(InetAddress.getByName(TLD_ADDR)).port(port).zone(edu).updateKey(REGISTRAR_KEY).start());
    servers.add(AuthoritativeServer.builder().host("dns.someschool.edu")
        .bind(InetAddress.getByName(AUTH_ADDR)).port(port).zone(school).zone(noglue).start());
  }

  @Override
  public void close() {
    for (AuthoritativeServer s : servers) s.close();
  }
}
