package org.minternet.dns.resolver;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;
import org.minternet.core.tap.Transcript;
import org.minternet.dns.wire.DnsClass;
import org.minternet.dns.wire.Edns;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Opcode;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.WireFormatException;

/**
 * Turns a client's query into the resolver's response: checks (FORMERR, NOTIMP, BADVERS,
 * REFUSED outside the ACL), then the cache for RD=0, or a full resolution for RD=1 with RA set.
 * Shared by the UDP and TCP sides of {@link ResolverServer}.
 */
final class ClientService {
  private final RecursiveResolver resolver;
  private final Predicate<InetAddress> allowed;
  private final int maxUdpPayload;
  private final Transcript transcript;
  private final CacheControl control;

  ClientService(RecursiveResolver resolver, Predicate<InetAddress> allowed, int maxUdpPayload,
      Transcript transcript) {
    this.resolver = resolver;
    this.allowed = allowed;
    this.maxUdpPayload = maxUdpPayload;
    this.transcript = transcript;
    this.control = new CacheControl(resolver);
  }

  boolean allowed(InetAddress client) {
    return allowed.test(client);
  }

  /** A decoded query, or the immediate reply to bytes that are not one (null: stay silent). */
  record Parsed(Message query, Message immediate) {}

  Parsed parse(byte[] data, int length, InetAddress client) {
    Message query;
    try {
      query = Message.decode(data, 0, length);
    } catch (WireFormatException e) {
      Header h = Message.peekHeader(data, length);
      if (h == null || h.qr()) return new Parsed(null, null);
      Header r = new Header(h.id(), true, h.opcode(), false, false, h.rd(), false, false, false,
          Rcode.FORMERR);
      return new Parsed(null, new Message(r, List.of(), List.of(), List.of(), List.of(), null));
    }
    Header qh = query.header();
    if (qh.qr()) return new Parsed(null, null);
    Edns edns = query.edns() == null ? null : Edns.of(maxUdpPayload);
    if (!allowed.test(client)) return new Parsed(null, error(query, Rcode.REFUSED, edns));
    if (query.edns() != null && query.edns().version() != 0) {
      return new Parsed(null, error(query, Rcode.BADVERS, edns));
    }
    if (qh.opcode() != Opcode.QUERY) return new Parsed(null, error(query, Rcode.NOTIMP, edns));
    if (query.questions().size() != 1) return new Parsed(null, error(query, Rcode.FORMERR, edns));
    Question q = query.question();
    if (CacheControl.isControl(q)) {
      List<Record> lines = control.answer(q, client);
      if (lines == null) return new Parsed(null, error(query, Rcode.REFUSED, edns));
      Header h = query.header().response(Rcode.NOERROR).withAa(true);
      return new Parsed(null, new Message(h, query.questions(), lines, List.of(), List.of(), edns));
    }
    if (q.dnsClass() != DnsClass.IN) return new Parsed(null, error(query, Rcode.REFUSED, edns));
    int t = q.type();
    if (t == RrTypes.OPT || t == RrTypes.TSIG) return new Parsed(null, error(query, Rcode.FORMERR, edns));
    if (t == RrTypes.AXFR || t == RrTypes.IXFR || t == RrTypes.ANY) {
      return new Parsed(null, error(query, Rcode.NOTIMP, edns));
    }
    return new Parsed(query, null);
  }

  /** The answer from the cache, or null when resolution is needed (RD=1 and nothing cached). */
  Message fromCache(Message query) {
    Question q = query.question();
    Resolution r = resolver.fromCache(q.name(), q.type());
    if (r == null) {
      if (query.header().rd()) return null;
      resolver.cache().countMiss();
      return response(query, new Resolution(q, Rcode.NOERROR, List.of(), List.of(), false, List.of()));
    }
    if (!r.hasData() && r.rcode() == Rcode.NOERROR && r.authority().isEmpty() && query.header().rd()) {
      return null; // only part of a CNAME chain is cached: resolve the rest
    }
    resolver.cache().countHit();
    return response(query, r);
  }

  /** Resolves (blocking) and builds the response. */
  Message resolve(Message query, String peer) {
    Question q = query.question();
    boolean tracing = transcript != Transcript.NONE;
    Resolution r = resolver.resolve(q.name(), q.type(), tracing);
    if (tracing) {
      for (TraceStep s : r.trace()) transcript.note("dns-resolver", peer, s.toString());
    }
    return response(query, r);
  }

  Message response(Message query, Resolution r) {
    Header h = query.header().response(r.rcode()).withRa(true);
    Edns edns = query.edns() == null ? null : Edns.of(maxUdpPayload);
    return new Message(h, query.questions(), r.answers(), r.authority(), List.of(), edns);
  }

  static Message error(Message query, int rcode, Edns edns) {
    Header h = query.header().response(rcode).withRa(rcode != Rcode.REFUSED);
    return new Message(h, query.questions(), List.of(), List.of(), List.of(), edns);
  }

  /** Largest UDP response for this query (RFC 6891 §6.2.5). */
  int udpLimit(Message query) {
    if (query == null || query.edns() == null) return Message.UDP_LIMIT;
    return Math.max(Message.UDP_LIMIT, Math.min(query.edns().udpPayload(), maxUdpPayload));
  }

  /** The empty truncated answer sent instead of a rate-limited one ("slip"). */
  static byte[] slip(Message response) {
    Header h = response.header().withTc(true);
    return new Message(h, response.questions(), List.of(), List.of(), List.of(), response.edns())
        .encode();
  }
}
