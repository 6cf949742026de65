package org.minternet.dns.client;


import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.minternet.core.net.WriteTimeouts;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.SoaRData;
import org.minternet.dns.wire.WireFormatException;

/**
 * A DNS stub client: one query to one server over UDP (retried on timeout, falling back to TCP
 * when the answer is truncated) or TCP, and zone transfers (AXFR) over TCP.
 *
 * <p>Each query gets a fresh random ID and, over UDP, a fresh socket with a port chosen by the
 * system; a response is accepted only from the address asked, with the same ID and question.
 */
public final class DnsClient {
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * How to ask.
   *
   * @param localAddress the address to send from (a world host's own loopback address), or null
   *     to let the system choose
   */
  public record Options(Duration timeout, int tries, boolean tcp, InetAddress localAddress) {
    public static final Options DEFAULT = new Options(Duration.ofSeconds(2), 3, false);

    public Options {
      Objects.requireNonNull(timeout);
      if (tries < 1) throw new IllegalArgumentException("tries " + tries);
    }

    public Options(Duration timeout, int tries, boolean tcp) {
      this(timeout, tries, tcp, null);
    }

    public Options withTcp(boolean overTcp) {
      return new Options(timeout, tries, overTcp, localAddress);
    }

    public Options from(InetAddress local) {
      return new Options(timeout, tries, tcp, local);
    }
  }

  /** A response with how it came. */
  public record Exchange(Message response, InetSocketAddress server, boolean overTcp,
      Duration elapsed, int size) {}

  private DnsClient() {}

  public static int newId() {
    return RANDOM.nextInt(0x10000);
  }

  /**
   * Sends {@code query} (its ID is replaced by a random one) and returns the matching response.
   *
   * @throws SocketTimeoutException when no valid response came after all tries
   */
  public static Exchange query(InetSocketAddress server, Message query, Options options)
      throws IOException {
    Message q = query.withHeader(query.header().withId(newId()));
    long start = System.nanoTime();
    if (!options.tcp()) {
      Exchange e = udp(server, q, options, start);
      if (!e.response().header().tc()) return e;
    }
    return tcp(server, q, options, start);
  }

  private static boolean matches(Message q, Message r) {
    return r.header().qr() && r.id() == q.id()
        && (r.questions().isEmpty() && r.rcode() != Rcode.NOERROR
            || r.questions().size() == 1 && sameQuestion(q.question(), r.question()));
  }

  private static boolean sameQuestion(Question a, Question b) {
    return a.name().equals(b.name()) && a.type() == b.type() && a.dnsClass() == b.dnsClass();
  }

  private static Exchange udp(InetSocketAddress server, Message q, Options o, long start)
      throws IOException {
    byte[] data = q.encode();
    byte[] buf = new byte[65535];
    for (int attempt = 0; attempt < o.tries(); attempt++) {
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(o.localAddress(), 0))) {
        s.connect(server);
        s.send(new DatagramPacket(data, data.length));
        long deadline = System.nanoTime() + o.timeout().toNanos();
        while (true) {
          long left = (deadline - System.nanoTime()) / 1_000_000;
          if (left <= 0) break;
          s.setSoTimeout((int) left);
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          try {
            s.receive(p);
          } catch (SocketTimeoutException e) {
            break;
          } catch (java.net.PortUnreachableException e) {
            throw new java.net.ConnectException("connection refused by " + server);
          }
          if (!p.getSocketAddress().equals(server)) continue;
          try {
            Message r = Message.decode(buf, 0, p.getLength());
            if (!matches(q, r)) continue;
            return new Exchange(r, server, false, Duration.ofNanos(System.nanoTime() - start),
                p.getLength());
          } catch (WireFormatException e) {
            // a malformed answer is ignored, as if lost
          }
        }
      }
    }
    throw new SocketTimeoutException("no answer from " + hostPort(server) + " after " + o.tries()
        + " tries");
  }

  static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + "#" + a.getPort();
  }

  private static Socket connect(InetSocketAddress server, Options o) throws IOException {
    Socket s = new Socket();
    try {
      if (o.localAddress() != null) s.bind(new InetSocketAddress(o.localAddress(), 0));
      s.connect(server, (int) o.timeout().toMillis());
      s.setSoTimeout((int) o.timeout().toMillis());
      s.setTcpNoDelay(true);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /**
   * Writes one message as DNS over TCP carries it, after its length in two octets (RFC 1035
   * §4.2.2), and flushes.
   */
  public static void writeMessage(OutputStream out, byte[] m) throws IOException {
    if (m.length > Message.MAX_LENGTH) throw new IllegalArgumentException("message of " + m.length + " octets");
    byte[] framed = new byte[m.length + 2];
    framed[0] = (byte) (m.length >>> 8);
    framed[1] = (byte) m.length;
    System.arraycopy(m, 0, framed, 2, m.length);
    out.write(framed);
    out.flush();
  }

  /**
   * Reads one message of DNS over TCP: two octets of length, then that many (at most 65535; the
   * socket's read timeout bounds the wait).
   */
  public static byte[] readMessage(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int length = d.readUnsignedShort();
    byte[] b = new byte[length];
    d.readFully(b);
    return b;
  }

  private static Exchange tcp(InetSocketAddress server, Message q, Options o, long start)
      throws IOException {
    try (Socket s = connect(server, o)) {
      writeMessage(WriteTimeouts.guard(s, o.timeout()), q.encode());
      while (true) {
        byte[] b = readMessage(s.getInputStream());
        try {
          Message r = Message.decode(b);
          if (!matches(q, r)) continue;
          return new Exchange(r, server, true, Duration.ofNanos(System.nanoTime() - start), b.length);
        } catch (WireFormatException e) {
          throw new IOException("malformed answer from " + hostPort(server) + ": " + e.getMessage());
        }
      }
    }
  }

  /** The MAC of a request we just signed, which the response's signature covers. */
  private static byte[] macOf(byte[] signed) {
    try {
      return org.minternet.dns.wire.Tsig.macOf(Message.decode(signed));
    } catch (WireFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends a request signed with {@code key} over TCP and returns the response, whose signature
   * must be valid (RFC 8945 §5.3); an unsigned response is accepted only with an error rcode,
   * which is how a server that does not know the key answers.
   *
   * @throws IOException when the server cannot be reached or the response is not properly signed
   */
  public static Message exchangeSigned(InetSocketAddress server, Message query,
      org.minternet.dns.wire.Tsig.Key key, Options o) throws IOException {
    byte[] request = org.minternet.dns.wire.Tsig.sign(query.encode(), key,
        System.currentTimeMillis() / 1000, null, 0);
    byte[] requestMac = macOf(request);
    try (Socket s = connect(server, o)) {
      writeMessage(WriteTimeouts.guard(s, o.timeout()), request);
      byte[] b = readMessage(s.getInputStream());
      Message r = Message.decode(b);
      if (r.id() != query.id() || !r.header().qr()) throw new IOException("response does not match the request");
      org.minternet.dns.wire.Tsig.Verification v = org.minternet.dns.wire.Tsig.verify(b, b.length, r,
          n -> n.equals(key.name()) ? key : null, requestMac, System.currentTimeMillis() / 1000);
      if (v.status() == org.minternet.dns.wire.Tsig.Status.VALID) return r;
      if (v.status() == org.minternet.dns.wire.Tsig.Status.UNSIGNED && r.rcode() != Rcode.NOERROR) return r;
      throw new IOException("response signature " + v.status());
    } catch (WireFormatException e) {
      throw new IOException("malformed response: " + e.getMessage());
    }
  }

  /**
   * Where a transfer ends: AXFR at the second SOA; IXFR at once when the server's serial is not
   * newer than ours, at the second SOA when the answer is the whole zone, and at the third SOA
   * with the server's serial when it is the differences.
   */
  private static final class Transfer {
    private final long ours; // -1 for AXFR
    private long serial;
    private int records;
    private int soas;
    private int soasAtSerial;
    private boolean incremental;
    private boolean complete;

    Transfer(long ours) {
      this.ours = ours;
    }

    void saw(Record r) {
      records++;
      boolean soa = r.type() == RrTypes.SOA;
      long s = soa ? ((SoaRData) r.data()).serial() : -1;
      if (records == 1) {
        serial = s;
        if (ours >= 0 && !SoaRData.serialNewer(serial, ours)) complete = true;
      } else if (records == 2) {
        incremental = ours >= 0 && soa;
      }
      if (soa) soas++;
      if (soa && s == serial) soasAtSerial++;
      if (incremental ? soasAtSerial == 3 : soas == 2) complete = true;
    }

    boolean complete() {
      return complete;
    }
  }

  /**
   * Transfers a whole zone with AXFR (RFC 5936): the records from the first SOA to the closing
   * one, both included.
   *
   * @throws IOException when refused, malformed or cut short
   */
  public static List<Record> transfer(InetSocketAddress server, Question axfr, Options o)
      throws IOException {
    return transfer(server, axfr, o, null);
  }

  /**
   * Transfers a zone with a request signed by {@code key} (null: unsigned); every message of the
   * answer must then carry a valid signature chained to the previous one (RFC 8945 §5.3.1).
   */
  public static List<Record> transfer(InetSocketAddress server, Question axfr, Options o,
      org.minternet.dns.wire.Tsig.Key key) throws IOException {
    return transfer(server, axfr, null, o, key);
  }

  /**
   * Asks for the changes of a zone since the version whose SOA is {@code ours} (IXFR, RFC 1995).
   * The answer is one of: our SOA alone (nothing changed); the whole zone, AXFR style (the second
   * record is not an SOA); or the differences: the new SOA, then for each version the old SOA,
   * the deleted records, the new SOA and the added records, and the new SOA to close.
   */
  public static List<Record> incrementalTransfer(InetSocketAddress server, Record ours, Options o,
      org.minternet.dns.wire.Tsig.Key key) throws IOException {
    return transfer(server, Question.in(ours.name(), RrTypes.IXFR), ours, o, key);
  }

  private static List<Record> transfer(InetSocketAddress server, Question question, Record ours,
      Options o, org.minternet.dns.wire.Tsig.Key key) throws IOException {
    Message q = Message.query(newId(), question, false).withEdns(null);
    if (ours != null) {
      q = new Message(q.header(), q.questions(), List.of(), List.of(ours), List.of(), null);
    }
    List<Record> out = new ArrayList<>();
    byte[] request = q.encode();
    byte[] mac = null;
    if (key != null) {
      request = org.minternet.dns.wire.Tsig.sign(request, key, System.currentTimeMillis() / 1000, null, 0);
      mac = macOf(request);
    }
    try (Socket s = connect(server, o)) {
      writeMessage(WriteTimeouts.guard(s, o.timeout()), request);
      Transfer end = new Transfer(ours == null ? -1 : ((SoaRData) ours.data()).serial());
      boolean first = true;
      while (!end.complete()) {
        Message r;
        try {
          byte[] b = readMessage(s.getInputStream());
          r = Message.decode(b);
          if (key != null) {
            long now = System.currentTimeMillis() / 1000;
            org.minternet.dns.wire.Tsig.Verification v = first
                ? org.minternet.dns.wire.Tsig.verify(b, b.length, r,
                    n -> n.equals(key.name()) ? key : null, mac, now)
                : org.minternet.dns.wire.Tsig.verifyContinuation(b, b.length, r, key, mac, now);
            if (v.status() != org.minternet.dns.wire.Tsig.Status.VALID) {
              if (r.rcode() != Rcode.NOERROR) throw new IOException("transfer refused: " + Rcode.toText(r.rcode()));
              throw new IOException("transfer message signature " + v.status());
            }
            mac = v.mac();
            List<Record> add = new ArrayList<>(r.additional());
            add.remove(add.size() - 1);
            r = r.withAdditional(add);
          }
          first = false;
        } catch (WireFormatException e) {
          throw new IOException("malformed transfer message: " + e.getMessage());
        }
        if (r.id() != q.id()) throw new IOException("transfer message with a wrong ID");
        if (r.rcode() != Rcode.NOERROR) {
          throw new IOException("transfer refused: " + Rcode.toText(r.rcode()));
        }
        for (Record rec : r.answers()) {
          if (end.complete()) throw new IOException("records after the end of the transfer");
          if (out.isEmpty() && rec.type() != RrTypes.SOA) throw new IOException("transfer does not start with SOA");
          out.add(rec);
          end.saw(rec);
        }
        if (r.answers().isEmpty()) throw new IOException("empty transfer message");
        if (out.size() > 10_000_000) throw new IOException("transfer too large");
      }
    }
    return out;
  }
}
