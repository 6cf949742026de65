package org.minternet.dns.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.minternet.dns.wire.CnameRData;
import org.minternet.dns.wire.DnsClass;
import org.minternet.dns.wire.Edns;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.MxRData;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.NsRData;
import org.minternet.dns.wire.Opcode;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.RData;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.SrvRData;
import org.minternet.dns.wire.WireFormatException;
import org.minternet.dns.zone.RRset;
import org.minternet.dns.zone.Zone;

/**
 * Answers queries from the zones in memory (RFC 1034 §4.3.2): authoritative answers, CNAME
 * chains within our zones, wildcards (RFC 4592), referrals with glue, NXDOMAIN and NODATA with
 * the SOA (RFC 2308), REFUSED outside our zones. Pure: a query message in, a response out.
 */
final class Authority {
  /** Longest CNAME chain followed inside our zones. */
  static final int MAX_CHAIN = 8;

  private final ZoneSet zones;
  private final AtomicInteger rotation = new AtomicInteger();
  private final int maxUdpPayload;

  Authority(ZoneSet zones, int maxUdpPayload) {
    this.zones = zones;
    this.maxUdpPayload = maxUdpPayload;
  }

  ZoneSet zones() {
    return zones;
  }

  /** Outcome of looking up one name in one zone. */
  private enum Outcome { ANSWER, CNAME, NODATA, NXDOMAIN, REFERRAL }

  /** A FORMERR response to bytes that are not a valid query, or null to stay silent. */
  static byte[] formatError(byte[] data, int length) {
    Header h = Message.peekHeader(data, length);
    if (h == null || h.qr()) return null;
    Header r = new Header(h.id(), true, h.opcode(), false, false, h.rd(), false, false, false,
        Rcode.FORMERR);
    return new Message(r, List.of(), List.of(), List.of(), List.of(), null).encode();
  }

  /** Largest UDP response for this query (RFC 6891 §6.2.5). */
  int udpLimit(Message query) {
    if (query.edns() == null) return Message.UDP_LIMIT;
    return udpLimit(query.edns().udpPayload());
  }

  int udpLimit(int advertised) {
    return Math.max(Message.UDP_LIMIT, Math.min(advertised, maxUdpPayload));
  }

  /** The response to a decoded message, or null when nothing should be sent (a response). */
  Message respond(Message query) {
    Header qh = query.header();
    if (qh.qr()) return null;
    Edns edns = query.edns() == null ? null : Edns.of(maxUdpPayload);
    if (query.edns() != null && query.edns().version() != 0) {
      return error(query, Rcode.BADVERS, false, edns);
    }
    if (qh.opcode() != Opcode.QUERY) return error(query, Rcode.NOTIMP, true, edns);
    if (query.questions().size() != 1) return error(query, Rcode.FORMERR, false, edns);
    Question q = query.question();
    if (q.type() == RrTypes.OPT || q.type() == RrTypes.TSIG) return error(query, Rcode.FORMERR, true, edns);
    if (q.dnsClass() != DnsClass.IN && q.dnsClass() != DnsClass.ANY) {
      return error(query, Rcode.REFUSED, true, edns);
    }
    if (q.type() == RrTypes.AXFR) {
      return error(query, Rcode.FORMERR, true, edns); // transfers only over TCP, handled there
    }
    if (q.type() == RrTypes.IXFR) {
      // over UDP the answer is our SOA alone: the client compares serials and comes back over
      // TCP for the changes (RFC 1995 §2)
      Zone z = zones.get(q.name());
      if (z == null) return error(query, Rcode.NOTAUTH, true, edns);
      Header h = query.header().response(Rcode.NOERROR).withAa(true);
      return new Message(h, query.questions(), List.of(z.soaRecord()), List.of(), List.of(), edns);
    }
    Zone zone = zones.find(q.name());
    if (zone == null) return error(query, Rcode.REFUSED, true, edns);
    return lookup(query, zone, edns);
  }

  static Message error(Message query, int rcode, boolean withQuestion, Edns edns) {
    Header h = query.header().response(rcode);
    return new Message(h, withQuestion ? query.questions() : List.of(), List.of(), List.of(),
        List.of(), edns);
  }

  private Message lookup(Message query, Zone firstZone, Edns edns) {
    Question q = query.question();
    List<Record> answer = new ArrayList<>();
    List<Record> authority = new ArrayList<>();
    List<Record> additional = new ArrayList<>();
    Set<Name> seen = new HashSet<>();
    Zone zone = firstZone;
    Name name = q.name();
    boolean aa = true;
    int rcode = Rcode.NOERROR;
    for (int step = 0; ; step++) {
      seen.add(name);
      Outcome o = lookupOne(zone, name, q.type(), answer, authority, additional);
      if (o == Outcome.REFERRAL && step == 0) aa = false;
      if (o == Outcome.NXDOMAIN) rcode = Rcode.NXDOMAIN;
      if (o != Outcome.CNAME) break;
      Name target = ((CnameRData) answer.get(answer.size() - 1).data()).target();
      if (step + 1 >= MAX_CHAIN || seen.contains(target)) break;
      Zone next = zones.find(target);
      if (next == null) break;
      zone = next;
      name = target;
    }
    addAdditional(answer, additional);
    Header h = query.header().response(rcode).withAa(aa);
    return new Message(h, query.questions(), answer, authority, dedupe(additional), edns);
  }

  private Outcome lookupOne(Zone zone, Name name, int type, List<Record> answer,
      List<Record> authority, List<Record> additional) {
    // a delegation above or at the name (but below the apex) makes this a referral
    int below = name.labelCount() - zone.origin().labelCount();
    for (int i = below - 1; i >= 0; i--) {
      Name cut = name.suffix(i);
      RRset ns = zone.rrset(cut, RrTypes.NS);
      if (ns != null) {
        authority.addAll(ns.records());
        for (RData d : ns.data()) addGlue(zone, ((NsRData) d).target(), additional);
        return Outcome.REFERRAL;
      }
    }
    Map<Integer, RRset> node = zone.node(name);
    if (!node.isEmpty()) return fromNode(zone, node, name, type, answer, authority);
    if (zone.exists(name)) {
      authority.add(zone.negativeSoa());
      return Outcome.NODATA;
    }
    Name encloser = name.parent();
    while (!zone.exists(encloser) && encloser.labelCount() > zone.origin().labelCount()) {
      encloser = encloser.parent();
    }
    Map<Integer, RRset> wild = zone.node(encloser.wildcard());
    if (!wild.isEmpty()) return fromNode(zone, wild, name, type, answer, authority);
    authority.add(zone.negativeSoa());
    return Outcome.NXDOMAIN;
  }

  private Outcome fromNode(Zone zone, Map<Integer, RRset> node, Name owner, int type,
      List<Record> answer, List<Record> authority) {
    RRset cname = node.get(RrTypes.CNAME);
    if (cname != null && type != RrTypes.CNAME && type != RrTypes.ANY) {
      answer.addAll(cname.recordsAs(owner));
      return Outcome.CNAME;
    }
    if (type == RrTypes.ANY) {
      for (RRset s : node.values()) answer.addAll(s.recordsAs(owner));
      return Outcome.ANSWER;
    }
    RRset s = node.get(type);
    if (s == null) {
      authority.add(zone.negativeSoa());
      return Outcome.NODATA;
    }
    List<Record> rotated = s.rotated(rotation.getAndIncrement());
    for (Record r : rotated) answer.add(r.withName(owner));
    return Outcome.ANSWER;
  }

  private static void addGlue(Zone zone, Name target, List<Record> additional) {
    if (!zone.contains(target)) return;
    RRset a = zone.rrset(target, RrTypes.A);
    if (a != null) additional.addAll(a.records());
    RRset aaaa = zone.rrset(target, RrTypes.AAAA);
    if (aaaa != null) additional.addAll(aaaa.records());
  }

  /** Addresses of the names that answers point to (RFC 1034 §3.7 additional processing). */
  private void addAdditional(List<Record> answer, List<Record> additional) {
    for (Record r : answer) {
      Name target = switch (r.data()) {
        case MxRData mx -> mx.exchange();
        case NsRData ns -> ns.target();
        case SrvRData srv -> srv.target();
        default -> null;
      };
      if (target == null) continue;
      Zone z = zones.find(target);
      if (z != null) addGlue(z, target, additional);
    }
  }

  private static List<Record> dedupe(List<Record> records) {
    if (records.size() < 2) return records;
    return new ArrayList<>(new java.util.LinkedHashSet<>(records));
  }

  /** Decodes, answers and encodes one UDP query; null to stay silent. */
  byte[] answerUdp(byte[] data, int length) {
    Message query;
    try {
      query = Message.decode(data, 0, length);
    } catch (WireFormatException e) {
      return formatError(data, length);
    }
    Message response = respond(query);
    if (response == null) return null;
    return response.encode(udpLimit(query));
  }
}
