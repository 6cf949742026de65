package org.minternet.dns.client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.minternet.dns.wire.ARData;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.NsRData;
import org.minternet.dns.wire.Opcode;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.WireFormatException;

/**
 * {@code minternet dig}: asks one server and prints the response the way dig does, or with
 * {@code +trace} walks down from a root server by following referrals, printing every step (the
 * textbook's iterated query).
 */
public final class Dig {
  /** Exit status when the query could not be made (bad name or type, dig's 1). */
  public static final int USAGE_ERROR = 1;
  /** Exit status when no server answered (dig's 9). */
  public static final int NO_REPLY = 9;
  /** Most referrals followed by {@code +trace}. */
  static final int MAX_TRACE_STEPS = 24;

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.ROOT);

  private Dig() {}

  /** Runs the lookup and prints to {@code out}; returns dig's exit status (0 on an answer). */
  public static int run(DigOptions o, PrintStream out) {
    Name name;
    int type;
    long ixfrSerial = -1;
    try {
      name = Name.parse(o.name());
      java.util.regex.Matcher ixfr = java.util.regex.Pattern.compile("IXFR=(\\d{1,10})")
          .matcher(o.type().toUpperCase(Locale.ROOT));
      if (ixfr.matches()) { // dig's IXFR=serial: the changes since that serial
        ixfrSerial = Long.parseLong(ixfr.group(1));
        if (ixfrSerial > 0xFFFFFFFFL) throw new WireFormatException("serial " + ixfrSerial + " out of range");
        type = RrTypes.IXFR;
      } else {
        type = RrTypes.fromText(o.type());
      }
      if (type < 0) throw new WireFormatException("unknown type " + o.type());
    } catch (WireFormatException e) {
      out.println(";; " + e.getMessage());
      return USAGE_ERROR;
    }
    InetSocketAddress server;
    try {
      server = new InetSocketAddress(serverAddress(o.server()), o.port());
    } catch (IOException e) {
      out.println(";; cannot resolve the server " + o.server() + ": " + e.getMessage());
      return USAGE_ERROR;
    }
    out.println();
    out.println("; <<>> minternet dig <<>> " + commandLine(o));
    out.println(";; global options: +cmd");
    DnsClient.Options opts = new DnsClient.Options(o.timeout(), o.tries(), o.tcp());
    try {
      if (o.trace()) return trace(name, type, server, opts, out);
      if (type == RrTypes.AXFR) return transfer(name, -1, server, opts, out);
      if (ixfrSerial >= 0) return transfer(name, ixfrSerial, server, opts, out);
      Message q = Message.query(0, Question.in(name, type), o.recurse());
      DnsClient.Exchange e = DnsClient.query(server, q, opts);
      printResponse(e, o.recurse(), out);
      return 0;
    } catch (IOException e) {
      out.println(";; communications error to " + DnsClient.hostPort(server) + ": " + e.getMessage());
      out.println();
      out.println(";; no servers could be reached");
      return NO_REPLY;
    }
  }

  private static InetAddress serverAddress(String server) throws IOException {
    if (server != null) return InetAddress.getByName(server);
    Path conf = Path.of("/etc/resolv.conf");
    if (Files.isReadable(conf)) {
      for (String line : Files.readAllLines(conf)) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 2 && f[0].equals("nameserver")) return InetAddress.getByName(f[1]);
      }
    }
    return InetAddress.getLoopbackAddress();
  }

  private static String commandLine(DigOptions o) {
    StringBuilder sb = new StringBuilder();
    if (o.trace()) sb.append("+trace ");
    if (o.server() != null) sb.append('@').append(o.server()).append(' ');
    sb.append(o.name()).append(' ').append(o.type().toUpperCase(Locale.ROOT));
    if (o.port() != 53) sb.append(" -p ").append(o.port());
    if (o.tcp()) sb.append(" +tcp");
    if (!o.recurse()) sb.append(" +norec");
    return sb.toString();
  }

  static void printResponse(DnsClient.Exchange e, boolean recurse, PrintStream out) {
    Message m = e.response();
    out.println(";; Got answer:");
    out.println(";; ->>HEADER<<- opcode: " + Opcode.toText(m.header().opcode()) + ", status: "
        + Rcode.toText(m.rcode()) + ", id: " + m.id());
    int additional = m.additional().size() + (m.edns() != null ? 1 : 0);
    out.println(";; flags: " + m.header().flagText() + "; QUERY: " + m.questions().size()
        + ", ANSWER: " + m.answers().size() + ", AUTHORITY: " + m.authority().size()
        + ", ADDITIONAL: " + additional);
    if (recurse && !m.header().ra()) out.println(";; WARNING: recursion requested but not available");
    out.println();
    if (m.edns() != null) {
      out.println(";; OPT PSEUDOSECTION:");
      out.println("; EDNS: version: " + m.edns().version() + ", flags:"
          + (m.edns().dnssecOk() ? " do" : "") + "; udp: " + m.edns().udpPayload());
    }
    if (!m.questions().isEmpty()) {
      out.println(";; QUESTION SECTION:");
      for (Question q : m.questions()) out.println(";" + q);
      out.println();
    }
    section(out, "ANSWER", m.answers());
    section(out, "AUTHORITY", m.authority());
    section(out, "ADDITIONAL", m.additional());
    out.println(";; Query time: " + e.elapsed().toMillis() + " msec");
    out.println(";; SERVER: " + DnsClient.hostPort(e.server()) + "("
        + e.server().getAddress().getHostAddress() + ") (" + (e.overTcp() ? "TCP" : "UDP") + ")");
    out.println(";; WHEN: " + ZonedDateTime.now().format(WHEN));
    out.println(";; MSG SIZE  rcvd: " + e.size());
    out.println();
  }

  private static void section(PrintStream out, String title, List<Record> records) {
    if (records.isEmpty()) return;
    out.println(";; " + title + " SECTION:");
    for (Record r : records) out.println(r);
    out.println();
  }

  /** AXFR (serial -1), or IXFR from {@code serial}: prints the records as they come. */
  private static int transfer(Name zone, long serial, InetSocketAddress server, DnsClient.Options o,
      PrintStream out) throws IOException {
    long start = System.nanoTime();
    List<Record> records = serial < 0
        ? DnsClient.transfer(server, Question.in(zone, RrTypes.AXFR), o)
        : DnsClient.incrementalTransfer(server, Record.in(zone, 0,
            new org.minternet.dns.wire.SoaRData(Name.ROOT, Name.ROOT, serial, 0, 0, 0, 0)), o, null);
    for (Record r : records) out.println(r);
    out.println(";; Query time: " + (System.nanoTime() - start) / 1_000_000 + " msec");
    out.println(";; SERVER: " + DnsClient.hostPort(server) + "(" + server.getAddress().getHostAddress() + ") (TCP)");
    out.println(";; WHEN: " + ZonedDateTime.now().format(WHEN));
    out.println(";; XFR size: " + records.size() + " records");
    out.println();
    return 0;
  }

  /**
   * Iterates from {@code root}: asks each server without recursion and follows the referral to
   * the next, until an answer, a negative answer or an error. Every server listens on the same
   * port (the world's port plan).
   */
  static int trace(Name name, int type, InetSocketAddress root, DnsClient.Options o, PrintStream out)
      throws IOException {
    DnsClient.Exchange first = DnsClient.query(root,
        Message.query(0, Question.in(Name.ROOT, RrTypes.NS), false), o);
    printStep(first, root.getAddress().getHostAddress(), out, true);
    InetSocketAddress server = root;
    String serverName = root.getAddress().getHostAddress();
    int zoneDepth = -1;
    for (int step = 0; step < MAX_TRACE_STEPS; step++) {
      DnsClient.Exchange e = DnsClient.query(server, Message.query(0, Question.in(name, type), false), o);
      Message m = e.response();
      printStep(e, serverName, out, false);
      List<Record> ns = m.authority().stream().filter(r -> r.type() == RrTypes.NS).toList();
      if (m.rcode() != Rcode.NOERROR || !m.answers().isEmpty() || ns.isEmpty() || m.header().aa()) {
        return 0;
      }
      Name zone = ns.get(0).name();
      if (!name.isSubdomainOf(zone) || zone.labelCount() <= zoneDepth) {
        out.println(";; referral to " + zone + " does not lead closer to " + name);
        return 0;
      }
      zoneDepth = zone.labelCount();
      InetSocketAddress next = null;
      for (Record r : ns) {
        Name host = ((NsRData) r.data()).target();
        InetAddress glue = glue(m, host);
        if (glue == null) glue = resolveQuietly(host, root, o, 0);
        if (glue != null) {
          next = new InetSocketAddress(glue, root.getPort());
          serverName = host.toString();
          break;
        }
      }
      if (next == null) {
        out.println(";; no address found for the name servers of " + zone);
        return NO_REPLY;
      }
      server = next;
    }
    out.println(";; too many referrals");
    return NO_REPLY;
  }

  private static InetAddress glue(Message m, Name host) {
    for (Record r : m.additional()) {
      if (r.name().equals(host) && r.data() instanceof ARData a) return a.address();
    }
    return null;
  }

  /** Finds a name server's address by iterating from the root, printing nothing. */
  private static InetAddress resolveQuietly(Name host, InetSocketAddress root, DnsClient.Options o,
      int depth) {
    if (depth > 3) return null;
    InetSocketAddress server = root;
    try {
      for (int step = 0; step < MAX_TRACE_STEPS; step++) {
        Message m = DnsClient.query(server, Message.query(0, Question.in(host, RrTypes.A), false), o).response();
        for (Record r : m.answers()) {
          if (r.data() instanceof ARData a) return a.address();
        }
        List<Record> ns = m.authority().stream().filter(r -> r.type() == RrTypes.NS).toList();
        if (m.rcode() != Rcode.NOERROR || ns.isEmpty() || m.header().aa()) return null;
        InetSocketAddress next = null;
        for (Record r : ns) {
          Name nsHost = ((NsRData) r.data()).target();
          InetAddress a = glue(m, nsHost);
          if (a == null && !nsHost.equals(host)) a = resolveQuietly(nsHost, root, o, depth + 1);
          if (a != null) {
            next = new InetSocketAddress(a, root.getPort());
            break;
          }
        }
        if (next == null) return null;
        server = next;
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  private static void printStep(DnsClient.Exchange e, String serverName, PrintStream out,
      boolean rootStep) {
    Message m = e.response();
    List<Record> shown = new ArrayList<>(m.answers());
    shown.addAll(m.authority());
    for (Record r : shown) out.println(r);
    if (shown.isEmpty() && !rootStep) {
      out.println(";; " + Rcode.toText(m.rcode()) + (m.header().aa() ? " (authoritative)" : ""));
    }
    out.println(";; Received " + e.size() + " bytes from " + DnsClient.hostPort(e.server()) + "("
        + serverName + ") in " + e.elapsed().toMillis() + " ms");
    out.println();
  }
}
