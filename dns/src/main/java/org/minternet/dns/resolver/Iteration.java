package org.minternet.dns.resolver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.minternet.dns.wire.AaaaRData;
import org.minternet.dns.wire.ARData;
import org.minternet.dns.wire.CnameRData;
import org.minternet.dns.wire.DnsClass;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.NsRData;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.SoaRData;

/**
 * The work done for one client question (RFC 1034 §5.3.3): look in the cache, otherwise walk
 * down from the closest known delegation, following referrals and CNAMEs, and store what was
 * learnt. Not thread-safe: one per client question, sharing the resolver's cache.
 *
 * <p>Defences (the "Attacking DNS" rules): data is used and cached only if it lies within the
 * zone of the server that sent it (bailiwick); a referral must point strictly below the zone
 * asked and above the name asked; glue is taken only for the name servers of that referral and
 * only within the referring zone; referral depth, CNAME chain length, nesting of name-server
 * lookups and the total number of queries sent are all bounded.
 */
final class Iteration {
  /** An answer in progress: the rcode, the records from the asked name on, the negative SOA. */
  record Answer(int rcode, List<Record> records, Record soa) {
    static Answer fail(List<Record> chain) {
      return new Answer(Rcode.SERVFAIL, chain, null);
    }
  }

  private enum Kind { DATA, CNAME, NEGATIVE, FAIL }

  /** What one authority's response gave for a name: kind, records accepted, negative SOA. */
  private record Outcome(Kind kind, int rcode, List<Record> records, Record soa) {
    static final Outcome FAIL = new Outcome(Kind.FAIL, Rcode.SERVFAIL, List.of(), null);
  }

  private record Reply(Message message, InetAddress server) {}

  private final RecursiveResolver resolver;
  private final ResolverCache cache;
  private final List<TraceStep> trace;
  private int queriesLeft;
  private int queriesSent;
  private final Set<Name> resolvingServers = new HashSet<>();

  Iteration(RecursiveResolver resolver, boolean tracing) {
    this.resolver = resolver;
    this.cache = resolver.cacheInternal();
    this.trace = tracing ? new ArrayList<>() : null;
    this.queriesLeft = resolver.maxQueriesPerQuestion;
  }

  List<TraceStep> trace() {
    return trace == null ? List.of() : trace;
  }

  int queriesSent() {
    return queriesSent;
  }

  /**
   * Resolves a name and type, from the cache where possible.
   *
   * @param refresh ask the authorities for the first name even if it is cached (prefetch)
   */
  Answer resolve(Name qname, int qtype, int depth, boolean refresh) {
    List<Record> chain = new ArrayList<>();
    Set<Name> seen = new HashSet<>();
    Name name = qname;
    for (int hop = 0; hop <= resolver.maxCnameChain; hop++) {
      if (!seen.add(name)) return Answer.fail(chain); // CNAME loop
      if (!(refresh && hop == 0)) {
        Answer cached = fromCache(name, qtype, depth, chain);
        if (cached != null) return cached;
        CacheEntry cname = qtype == RrTypes.CNAME ? null : answerEntry(name, RrTypes.CNAME);
        if (cname != null) {
          Record r = cname.recordsAt(cache.now(), 0).get(0);
          chain.add(r);
          step(depth, name, "cache: CNAME " + ((CnameRData) r.data()).target(), qtype);
          name = ((CnameRData) r.data()).target();
          continue;
        }
      }
      Outcome o = iterate(name, qtype, depth);
      if (o.kind == Kind.FAIL) return Answer.fail(chain);
      chain.addAll(o.records);
      if (o.kind != Kind.CNAME) return new Answer(o.rcode, chain, o.soa);
      name = ((CnameRData) o.records.get(o.records.size() - 1).data()).target();
    }
    return Answer.fail(chain); // chain too long
  }

  /** Fresh authoritative data or a negative answer for the name, appended to {@code chain}. */
  private Answer fromCache(Name name, int qtype, int depth, List<Record> chain) {
    long now = cache.now();
    CacheEntry e = answerEntry(name, qtype);
    if (e == null) e = cache.fresh(name, ResolverCache.NXDOMAIN_KEY);
    if (e == null) return null;
    if (e.isNegative()) {
      step(depth, name, "cache: " + (e.rcode == Rcode.NXDOMAIN ? "NXDOMAIN" : "NODATA"), qtype);
      return new Answer(e.rcode, chain, e.soaAt(now, 0));
    }
    step(depth, name, "cache: " + e.records.size() + " " + RrTypes.toText(qtype), qtype);
    chain.addAll(e.recordsAt(now, 0));
    if (depth == 0) resolver.maybePrefetch(e, now);
    return new Answer(Rcode.NOERROR, chain, null);
  }

  /** A fresh entry trustworthy enough to answer a client with (not glue, not referral NS). */
  private CacheEntry answerEntry(Name name, int type) {
    CacheEntry e = cache.fresh(name, type);
    if (e == null || e.trust != CacheEntry.Trust.ANSWER) return null;
    return e;
  }

  private void step(int depth, Name name, String outcome, int qtype) {
    if (trace != null) trace.add(new TraceStep(depth, name, null, "cache", name, qtype, outcome, 0));
  }

  /** Asks authorities for one name, from the closest known delegation down. */
  private Outcome iterate(Name name, int qtype, int depth) {
    Delegation d = closestDelegation(name);
    Name known = d.zone(); // the deepest name known to have no zone cut below d's zone
    boolean minimise = resolver.qnameMinimisation;
    int minimised = 0;
    int referrals = 0;
    Set<InetAddress> lame = new HashSet<>();
    while (true) {
      Name qn = name;
      int qt = qtype;
      if (minimise && known.labelCount() + 1 < name.labelCount()
          && minimised < RecursiveResolver.MAX_MINIMISED_QUERIES) {
        // RFC 9156 §2: reveal one more label than the zone we are in, and ask for A
        qn = name.suffix(name.labelCount() - known.labelCount() - 1);
        qt = RrTypes.A;
        minimised++;
      }
      Reply reply = ask(d, new Question(qn, qt, DnsClass.IN), depth, lame);
      if (reply == null) return Outcome.FAIL;
      Message m = reply.message;
      Name child = referral(m, d.zone(), qn);
      if (child != null) {
        if (++referrals > resolver.maxReferrals) return Outcome.FAIL;
        d = followReferral(m, d.zone(), child);
        known = child;
        lame.clear();
        continue;
      }
      int rcode = m.rcode();
      boolean usable = (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN)
          && (m.header().aa() || !m.answers().isEmpty());
      if (!usable) {
        if (!qn.equals(name)) {
          minimise = false; // RFC 9156 §2.3: a server that fails a minimised query gets the full one
          continue;
        }
        lame.add(reply.server); // lame, refused, failing or upward referral: try another server
        continue;
      }
      if (!qn.equals(name)) {
        if (rcode == Rcode.NXDOMAIN && m.header().aa()) {
          // RFC 8020: nothing exists below a name that does not exist
          Record soa = negativeSoa(m, d.zone(), qn);
          if (soa != null) {
            cache.putNegative(name, qtype, Rcode.NXDOMAIN, soa, negativeTtl(soa));
          }
          return new Outcome(Kind.NEGATIVE, Rcode.NXDOMAIN, List.of(), soa);
        }
        if (rcode == Rcode.NOERROR) {
          known = qn; // no zone cut at qn: reveal one more label to the same servers
        } else {
          minimise = false;
        }
        continue;
      }
      Outcome o = accept(m, d.zone(), name, qtype);
      if (o.kind == Kind.FAIL) {
        lame.add(reply.server);
        continue;
      }
      return o;
    }
  }

  /**
   * The child zone if this response is a referral for {@code qn} from the servers of
   * {@code zone}: no answer, not authoritative, NS records in the authority section owned by a
   * name strictly below {@code zone} and at or above {@code qn}. Anything else is not a referral
   * (an upward or sideways "referral" is lame).
   */
  static Name referral(Message m, Name zone, Name qn) {
    if (m.rcode() != Rcode.NOERROR || m.header().aa() || !m.answers().isEmpty()) return null;
    for (Record r : m.authority()) {
      if (r.type() != RrTypes.NS || r.dnsClass() != DnsClass.IN) continue;
      Name owner = r.name();
      if (owner.labelCount() > zone.labelCount() && owner.isSubdomainOf(zone)
          && qn.isSubdomainOf(owner)) {
        return owner;
      }
    }
    return null;
  }

  /**
   * Caches the NS RRset of the child zone and its glue: address records only for the names of
   * those NS records, and only for names inside the referring zone (the server's bailiwick).
   */
  private Delegation followReferral(Message m, Name zone, Name child) {
    List<Record> ns = new ArrayList<>();
    List<Name> names = new ArrayList<>();
    for (Record r : m.authority()) {
      if (r.type() == RrTypes.NS && r.name().equals(child) && r.dnsClass() == DnsClass.IN) {
        ns.add(r);
        names.add(((NsRData) r.data()).target());
      }
    }
    cache.putRRset(child, RrTypes.NS, ns, CacheEntry.Trust.AUTHORITY);
    Map<Name, Map<Integer, List<Record>>> glue = new LinkedHashMap<>();
    for (Record r : m.additional()) {
      if ((r.type() != RrTypes.A && r.type() != RrTypes.AAAA) || r.dnsClass() != DnsClass.IN) continue;
      if (!names.contains(r.name()) || !r.name().isSubdomainOf(zone)) continue;
      glue.computeIfAbsent(r.name(), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.type(), k -> new ArrayList<>()).add(r);
    }
    glue.forEach((owner, byType) -> byType.forEach((type, records) ->
        cache.putRRset(owner, type, records, CacheEntry.Trust.GLUE)));
    return new Delegation(child, names, List.of());
  }

  /**
   * Takes from an answer to the full question what lies in the zone of the server: the CNAME
   * chain from {@code name} while it stays in the zone, then the RRset asked for; or a negative
   * answer with the zone's SOA. Records outside the zone are neither used nor cached.
   */
  private Outcome accept(Message m, Name zone, Name name, int qtype) {
    boolean aa = m.header().aa();
    CacheEntry.Trust trust = aa ? CacheEntry.Trust.ANSWER : CacheEntry.Trust.AUTHORITY;
    List<Record> accepted = new ArrayList<>();
    Set<Name> seen = new HashSet<>();
    Name cur = name;
    while (true) {
      if (!cur.isSubdomainOf(zone)) {
        // the chain leaves the zone: the rest must come from the target's own servers
        return accepted.isEmpty() ? Outcome.FAIL
            : new Outcome(Kind.CNAME, Rcode.NOERROR, accepted, null);
      }
      if (!seen.add(cur) || seen.size() > resolver.maxCnameChain) return Outcome.FAIL;
      List<Record> data = rrset(m.answers(), cur, qtype);
      if (!data.isEmpty()) {
        accepted.addAll(data);
        cache.putRRset(cur, qtype, data, trust);
        return new Outcome(Kind.DATA, Rcode.NOERROR, accepted, null);
      }
      List<Record> cname = qtype == RrTypes.CNAME ? List.of() : rrset(m.answers(), cur, RrTypes.CNAME);
      if (cname.isEmpty()) break;
      Record c = cname.get(0);
      accepted.add(c);
      cache.putRRset(cur, RrTypes.CNAME, List.of(c), trust);
      cur = ((CnameRData) c.data()).target();
    }
    if (!aa) {
      return accepted.isEmpty() ? Outcome.FAIL
          : new Outcome(Kind.CNAME, Rcode.NOERROR, accepted, null);
    }
    Record soa = negativeSoa(m, zone, cur);
    int rcode = m.rcode();
    if (rcode == Rcode.NOERROR && soa == null && !accepted.isEmpty()) {
      // e.g. the target lies in a zone delegated from this one: chase it ourselves
      return new Outcome(Kind.CNAME, Rcode.NOERROR, accepted, null);
    }
    if (soa != null) cache.putNegative(cur, qtype, rcode, soa, negativeTtl(soa));
    return new Outcome(Kind.NEGATIVE, rcode, accepted, soa);
  }

  private static List<Record> rrset(List<Record> section, Name owner, int type) {
    List<Record> out = new ArrayList<>();
    for (Record r : section) {
      if (r.type() == type && r.dnsClass() == DnsClass.IN && r.name().equals(owner)) out.add(r);
    }
    return out;
  }

  /** The SOA of a negative answer, if it belongs to the server's zone and covers the name. */
  private static Record negativeSoa(Message m, Name zone, Name name) {
    for (Record r : m.authority()) {
      if (r.type() == RrTypes.SOA && r.dnsClass() == DnsClass.IN && r.name().isSubdomainOf(zone)
          && name.isSubdomainOf(r.name())) {
        return r;
      }
    }
    return null;
  }

  /** RFC 2308 §5: the smaller of the SOA record's TTL and its MINIMUM field. */
  private static long negativeTtl(Record soa) {
    return Math.min(soa.ttl(), ((SoaRData) soa.data()).minimum());
  }

  /** The deepest zone with a fresh NS RRset in the cache above or at the name, else the root. */
  private Delegation closestDelegation(Name name) {
    for (Name z = name; !z.isRoot(); z = z.parent()) {
      CacheEntry ns = cache.fresh(z, RrTypes.NS);
      if (ns == null || ns.isNegative()) continue;
      List<Name> names = new ArrayList<>();
      boolean reachable = false;
      for (Record r : ns.records) {
        Name target = ((NsRData) r.data()).target();
        names.add(target);
        if (!knownAddresses(target).isEmpty() || !target.isSubdomainOf(z)) reachable = true;
      }
      if (reachable) return new Delegation(z, names, List.of());
    }
    return new Delegation(Name.ROOT, List.of(), resolver.rootServers);
  }

  private List<InetAddress> knownAddresses(Name server) {
    List<InetAddress> out = new ArrayList<>();
    CacheEntry a = cache.fresh(server, RrTypes.A);
    if (a != null) {
      for (Record r : a.records) if (r.data() instanceof ARData d) out.add(d.address());
    }
    if (resolver.useIpv6) {
      CacheEntry aaaa = cache.fresh(server, RrTypes.AAAA);
      if (aaaa != null) {
        for (Record r : aaaa.records) if (r.data() instanceof AaaaRData d) out.add(d.address());
      }
    }
    return out;
  }

  /**
   * Sends the question to the servers of the delegation, fastest first, two rounds (the second
   * with a doubled timeout), skipping lame ones; name servers without glue are resolved when no
   * address is known or every known one failed. Null when nothing usable came back.
   */
  private Reply ask(Delegation d, Question q, int depth, Set<InetAddress> lame) {
    List<InetAddress> addresses = new ArrayList<>(d.hintAddresses());
    List<Name> glueless = new ArrayList<>();
    for (Name ns : d.nameServers()) {
      List<InetAddress> known = knownAddresses(ns);
      if (known.isEmpty()) glueless.add(ns);
      for (InetAddress a : known) if (!addresses.contains(a)) addresses.add(a);
    }
    addresses.removeAll(lame);
    if (addresses.isEmpty()) addresses.addAll(resolveServers(d, glueless, depth, lame));
    for (int round = 0; round < 2; round++) {
      List<InetAddress> order = resolver.selection.order(addresses);
      for (InetAddress server : order) {
        if (queriesLeft <= 0) return null;
        queriesLeft--;
        queriesSent++;
        Reply r = send(d, server, q, depth, round, order);
        if (r != null) return r;
      }
      if (round == 0) {
        for (InetAddress a : resolveServers(d, glueless, depth, lame)) {
          if (!addresses.contains(a)) addresses.add(a);
        }
      }
      if (addresses.isEmpty()) return null;
    }
    return null;
  }

  private Reply send(Delegation d, InetAddress server, Question q, int depth, int round,
      List<InetAddress> candidates) {
    InetSocketAddress to = new InetSocketAddress(server, resolver.authorityPort);
    java.time.Duration timeout = resolver.queryTimeout.multipliedBy(round + 1L);
    long start = System.nanoTime();
    try {
      Upstream.Exchange x = resolver.upstream.query(to, q, true, timeout);
      if (x.response().rcode() == Rcode.FORMERR || x.response().rcode() == Rcode.NOTIMP) {
        // a server that does not understand EDNS (RFC 6891 §7): ask it again without
        record(depth, d.zone(), to, x.transport(), q, Rcode.toText(x.response().rcode())
            + " with EDNS, retrying without", x.micros());
        if (queriesLeft <= 0) return null;
        queriesLeft--;
        queriesSent++;
        x = resolver.upstream.query(to, q, false, timeout);
      }
      resolver.selection.answered(server, x.micros(), candidates);
      record(depth, d.zone(), to, x.transport(), q, describe(x.response(), d.zone(), q.name())
          + (x.ignored() > 0 ? " (" + x.ignored() + " forged or stray datagrams ignored)" : ""),
          x.micros());
      return new Reply(x.response(), server);
    } catch (SocketTimeoutException e) {
      resolver.selection.timedOut(server, timeout.toNanos() / 1000);
      record(depth, d.zone(), to, "udp", q, "timeout", (System.nanoTime() - start) / 1000);
    } catch (IOException e) {
      resolver.selection.timedOut(server, timeout.toNanos() / 1000);
      record(depth, d.zone(), to, "udp", q, "error: " + e.getMessage(),
          (System.nanoTime() - start) / 1000);
    }
    return null;
  }

  /** Addresses of name servers that came without glue, resolved one at a time (nested). */
  private List<InetAddress> resolveServers(Delegation d, List<Name> glueless, int depth,
      Set<InetAddress> lame) {
    List<InetAddress> out = new ArrayList<>();
    if (depth + 1 > resolver.maxNesting) return out;
    while (!glueless.isEmpty() && out.isEmpty() && queriesLeft > 0) {
      Name ns = glueless.remove(0);
      // a server inside the zone it serves needs glue: looking it up would come back here
      if (ns.isSubdomainOf(d.zone()) || !resolvingServers.add(ns)) continue;
      try {
        Answer a = resolve(ns, RrTypes.A, depth + 1, false);
        for (Record r : a.records()) {
          if (r.data() instanceof ARData ad && !lame.contains(ad.address())) out.add(ad.address());
        }
      } finally {
        resolvingServers.remove(ns);
      }
    }
    return out;
  }

  private void record(int depth, Name zone, InetSocketAddress server, String transport,
      Question q, String outcome, long micros) {
    if (trace != null) {
      trace.add(new TraceStep(depth, zone, server, transport, q.name(), q.type(), outcome, micros));
    }
  }

  /** A one-line summary of a response for the trace. */
  static String describe(Message m, Name zone, Name qn) {
    String aa = m.header().aa() ? " aa" : "";
    if (m.rcode() != Rcode.NOERROR) return Rcode.toText(m.rcode()) + aa;
    Name child = referral(m, zone, qn);
    if (child != null) {
      long ns = m.authority().stream().filter(r -> r.type() == RrTypes.NS).count();
      long glue = m.additional().stream()
          .filter(r -> r.type() == RrTypes.A || r.type() == RrTypes.AAAA).count();
      return "referral to " + child + " (" + ns + " NS, " + glue + " glue)";
    }
    if (m.answers().isEmpty()) return "NODATA" + aa;
    List<String> parts = new ArrayList<>();
    for (Record r : m.answers()) {
      parts.add(RrTypes.toText(r.type()) + " " + r.data().toText());
      if (parts.size() == 4) {
        parts.add("…");
        break;
      }
    }
    return "answer" + aa + ": " + String.join(", ", parts);
  }
}
