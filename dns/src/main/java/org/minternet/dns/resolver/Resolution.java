package org.minternet.dns.resolver;

import java.util.List;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;

/**
 * The result of resolving one question: the rcode, the answer (a CNAME chain, if any, then the
 * RRset asked for) with TTLs counted down, and for negative answers the SOA (RFC 2308).
 *
 * @param question what was asked
 * @param rcode NOERROR, NXDOMAIN or SERVFAIL (REFUSED for classes other than IN)
 * @param answers the answer section
 * @param authority the SOA of a negative answer, else empty
 * @param stale true when served from expired data because the authorities failed (RFC 8767)
 * @param trace the steps taken, empty unless tracing was asked for
 */
public record Resolution(Question question, int rcode, List<Record> answers,
    List<Record> authority, boolean stale, List<TraceStep> trace) {
  public Resolution {
    answers = List.copyOf(answers);
    authority = List.copyOf(authority);
    trace = List.copyOf(trace);
  }

  /** NOERROR with at least one record of the type asked (not only CNAMEs). */
  public boolean hasData() {
    return rcode == Rcode.NOERROR
        && answers.stream().anyMatch(r -> r.type() == question.type());
  }

  /** The records of the type asked for, in order. */
  public List<Record> records() {
    return answers.stream().filter(r -> r.type() == question.type()).toList();
  }

  /** As text, dig-like: the steps (when traced), the status, then the records. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    for (TraceStep s : trace) sb.append(";; ").append(s).append('\n');
    sb.append(";; status: ").append(Rcode.toText(rcode)).append(stale ? " (stale)" : "").append('\n');
    for (Record r : answers) sb.append(r).append('\n');
    for (Record r : authority) sb.append(r).append('\n');
    return sb.toString();
  }

  Resolution withTrace(List<TraceStep> steps) {
    return new Resolution(question, rcode, answers, authority, stale, steps);
  }
}
