package org.minternet.dns.resolver;

import java.net.InetSocketAddress;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.RrTypes;

/**
 * One step of an iterative resolution, for {@code +trace}-style display: which server was asked
 * which question (while resolving which zone), and what came back.
 *
 * @param depth 0 for the client's question, 1 and more for name servers resolved on the way
 * @param zone the zone whose servers were asked
 * @param server the authority's address and port ({@code null} for a step answered by the cache)
 * @param transport "udp", "tcp" or "cache"
 * @param qname the name asked (shorter than the client's with QNAME minimisation)
 * @param qtype the type asked
 * @param outcome what came back, e.g. "referral to com. (2 NS, 2 glue)", "answer 1 A", "timeout"
 * @param micros time taken
 */
public record TraceStep(int depth, Name zone, InetSocketAddress server, String transport,
    Name qname, int qtype, String outcome, long micros) {
  @Override
  public String toString() {
    String where = server == null ? "cache" : server.getAddress().getHostAddress() + ":"
        + server.getPort() + "/" + transport;
    return "  ".repeat(depth) + "[" + zone + "] " + where + " " + qname + " "
        + RrTypes.toText(qtype) + " -> " + outcome + " (" + micros / 1000 + "." + (micros % 1000) / 100
        + " ms)";
  }
}
