package org.minternet.dns.client;

import org.minternet.dns.wire.Record;

import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.minternet.dns.wire.AaaaRData;
import org.minternet.dns.wire.ARData;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.NsRData;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.Tsig;
import org.minternet.dns.wire.WireFormatException;
import org.minternet.dns.zone.Zone;
import org.minternet.dns.zone.ZoneException;

/**
 * {@code minternet dns register DOMAIN --ns NAME --ns-address IP}: what a registrar does — adds
 * the domain's NS records and the glue addresses of in-domain name servers to the parent zone
 * with a signed UPDATE — and builds a starting zone for the new domain.
 */
public final class Registrar {
  /** Default TTL of delegation records (the TLDs' usual two days). */
  public static final long DELEGATION_TTL = 172800;

  private Registrar() {}

  /**
   * What to register.
   *
   * @param domain the new domain, e.g. {@code newschool.edu}
   * @param nameServers its name servers' names
   * @param nameServerAddresses their addresses, in the same order (glue for in-domain names)
   * @param parentZone the zone to update; null for the domain's parent ({@code edu.})
   * @param parentServer the parent zone's primary server (the world's TLD server)
   * @param key the TSIG key the parent server accepts for UPDATE
   */
  public record Options(String domain, List<String> nameServers, List<InetAddress> nameServerAddresses,
      String parentZone, InetSocketAddress parentServer, Tsig.Key key) {}

  /** Sends the UPDATE and prints what it did; returns 0 on success, 1 on refusal or error. */
  public static int run(Options o, PrintStream out) {
    try {
      DnsUpdate u = delegation(o);
      int rcode = u.send(o.parentServer(), o.key(), DnsClient.Options.DEFAULT);
      if (rcode != Rcode.NOERROR) {
        out.println("register " + o.domain() + ": the parent server answered " + Rcode.toText(rcode));
        return 1;
      }
      out.println("registered " + Name.parse(o.domain()) + " in " + parent(o) + " at "
          + DnsClient.hostPort(o.parentServer()) + " with " + String.join(", ", o.nameServers()));
      return 0;
    } catch (WireFormatException | IllegalArgumentException e) {
      out.println("register " + o.domain() + ": " + e.getMessage());
      return 1;
    } catch (IOException e) {
      out.println("register " + o.domain() + ": " + e.getMessage());
      return 1;
    }
  }

  private static Name parent(Options o) throws WireFormatException {
    return o.parentZone() != null ? Name.parse(o.parentZone()) : Name.parse(o.domain()).parent();
  }

  /** The UPDATE a registrar sends: the domain must not be delegated yet; NS plus glue. */
  static DnsUpdate delegation(Options o) throws WireFormatException {
    Name domain = Name.parse(o.domain());
    if (o.nameServers().isEmpty()) throw new IllegalArgumentException("at least one --ns is needed");
    DnsUpdate u = new DnsUpdate(parent(o)).requireNoRRset(domain, RrTypes.NS);
    for (int i = 0; i < o.nameServers().size(); i++) {
      Name ns = Name.parse(o.nameServers().get(i));
      u.add(domain, DELEGATION_TTL, new NsRData(ns));
      if (ns.isSubdomainOf(domain)) {
        if (i >= o.nameServerAddresses().size()) {
          throw new IllegalArgumentException(ns + " is inside " + domain + " and needs --ns-address");
        }
        InetAddress a = o.nameServerAddresses().get(i);
        u.add(ns, DELEGATION_TTL, a instanceof Inet4Address v4 ? new ARData(v4)
            : new AaaaRData((java.net.Inet6Address) a));
      }
    }
    return u;
  }

  /**
   * Creates the new domain's starting zone ({@link #newZone}) on {@code server}, which does not
   * serve it yet, and prints what it did.
   *
   * @param serverText the server as the user named it, for the messages
   * @param webAddress an address for the domain and its www, or null
   * @return 0 when created, 1 when the server refused
   */
  public static int create(Options o, InetSocketAddress server, String serverText, InetAddress webAddress,
      PrintStream out) throws IOException, ZoneException {
    Zone zone = newZone(o.domain(), o.nameServers(), o.nameServerAddresses(), webAddress);
    int rc = createZone(zone, server, o.key());
    if (rc != Rcode.NOERROR) {
      out.println("create " + zone.origin() + " on " + serverText + ": the server answered " + Rcode.toText(rc));
      return 1;
    }
    out.println("created zone " + zone.origin() + " (" + zone.size() + " records) on " + serverText);
    return 0;
  }

  /**
   * Creates {@code zone} on an authoritative server that does not serve it yet, with one signed
   * UPDATE carrying all its records (the server checks and stores it before answering).
   *
   * @return the server's rcode
   */
  public static int createZone(Zone zone, InetSocketAddress server, Tsig.Key key) throws IOException {
    DnsUpdate u = new DnsUpdate(zone.origin());
    for (Record r : zone.records()) u.add(r);
    return u.send(server, key, DnsClient.Options.DEFAULT);
  }

  /**
   * A starting zone for a newly registered domain: SOA, the NS records, their addresses, and an
   * address for the domain itself and www when given.
   */
  public static Zone newZone(String domain, List<String> nameServers, List<InetAddress> addresses,
      InetAddress webAddress) throws ZoneException {
    Name d = Name.of(domain);
    Zone.Builder b = Zone.builder(d)
        .add("@", 3600, "SOA", Name.of(nameServers.get(0)) + " hostmaster 1 3600 900 1209600 300");
    for (int i = 0; i < nameServers.size(); i++) {
      Name ns = Name.of(nameServers.get(i));
      b.add(d, 3600, new NsRData(ns));
      if (ns.isSubdomainOf(d) && i < addresses.size()) {
        InetAddress a = addresses.get(i);
        b.add(ns, 3600, a instanceof Inet4Address v4 ? new ARData(v4) : new AaaaRData((java.net.Inet6Address) a));
      }
    }
    if (webAddress instanceof Inet4Address w) {
      b.add(d, 3600, new ARData(w));
      try {
        b.add(d.child("www"), 3600, new ARData(w));
      } catch (WireFormatException e) {
        throw new ZoneException(e.getMessage());
      }
    }
    return b.build();
  }
}
