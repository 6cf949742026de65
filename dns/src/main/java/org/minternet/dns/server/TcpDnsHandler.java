package org.minternet.dns.server;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.minternet.core.io.LineReader;
import org.minternet.core.net.Connection;
import org.minternet.core.net.ConnectionHandler;
import org.minternet.dns.wire.Message;

/**
 * DNS over TCP (RFC 1035 §4.2.2, RFC 7766), for every DNS server: each message is preceded by
 * its length in two octets, a connection carries any number of them, and each server supplies
 * only its {@link Responder}.
 *
 * <p>Lifecycle of a connection:
 *
 * <ol>
 *   <li>Wait for the first octet of the next length, at most the {@linkplain Limits#idle idle
 *       timeout} (RFC 7766 §6.2.3); end of stream or the timeout closes the connection.
 *   <li>From that octet on, the rest of the length and the whole message must arrive within the
 *       {@linkplain Limits#messageDeadline message deadline}, whatever the pace of the bytes: a
 *       client dripping one byte at a time is cut off.
 *   <li>A length above {@linkplain Limits#maxMessage the largest message} closes the connection
 *       unread.
 *   <li>The responder answers the message with zero, one or several messages (a zone transfer).
 *       A message that gets no answer (garbage without an ID to answer FORMERR to, a response
 *       where a query belongs) closes the connection. An error inside the responder is logged and
 *       closes the connection; nothing of it reaches the peer.
 *   <li>With {@linkplain Limits#maxInFlight maxInFlight} 1 the messages are answered one after
 *       the other, in order. With more, up to that many pipelined messages are answered at once,
 *       each on its own virtual thread, in the order they finish (RFC 7766 §6.2.1.1, §7): a slow
 *       resolution does not hold up the answers behind it. Reading pauses while that many are in
 *       flight.
 * </ol>
 *
 * <p>At most {@linkplain Limits#maxPerClient maxPerClient} connections from one client address
 * are served at once (RFC 7766 §6.2.2); the listener bounds the total.
 */
public final class TcpDnsHandler implements ConnectionHandler {
  private static final Logger LOG = System.getLogger(TcpDnsHandler.class.getName());

  /**
   * The limits of DNS over TCP, in one place.
   *
   * @param idle longest wait for the next message (RFC 7766 §6.2.3 suggests seconds to minutes)
   * @param messageDeadline longest time a whole message may take once its first octet arrived
   * @param maxMessage largest message accepted, in octets (at most 65535, the framing's limit)
   * @param maxInFlight messages of one connection answered at once (1: in order)
   * @param maxPerClient connections served at once from one client address
   */
  public record Limits(Duration idle, Duration messageDeadline, int maxMessage, int maxInFlight,
      int maxPerClient) {
    /** 30 s idle, 10 s per message, 65535 octets, one at a time, 64 connections per client. */
    public static final Limits DEFAULT =
        new Limits(Duration.ofSeconds(30), Duration.ofSeconds(10), Message.MAX_LENGTH, 1, 64);

    public Limits {
      Objects.requireNonNull(idle, "idle");
      Objects.requireNonNull(messageDeadline, "messageDeadline");
      if (messageDeadline.isZero() || messageDeadline.isNegative()) {
        throw new IllegalArgumentException("message deadline " + messageDeadline);
      }
      if (maxMessage < 12 || maxMessage > Message.MAX_LENGTH) {
        throw new IllegalArgumentException("max message " + maxMessage);
      }
      if (maxInFlight < 1) throw new IllegalArgumentException("max in flight " + maxInFlight);
      if (maxPerClient < 1) throw new IllegalArgumentException("max per client " + maxPerClient);
    }

    public Limits withIdle(Duration d) {
      return new Limits(d, messageDeadline, maxMessage, maxInFlight, maxPerClient);
    }

    public Limits withMessageDeadline(Duration d) {
      return new Limits(idle, d, maxMessage, maxInFlight, maxPerClient);
    }

    public Limits withMaxInFlight(int n) {
      return new Limits(idle, messageDeadline, maxMessage, n, maxPerClient);
    }

    public Limits withMaxPerClient(int n) {
      return new Limits(idle, messageDeadline, maxMessage, maxInFlight, n);
    }
  }

  /** Answers one message received over TCP. */
  @FunctionalInterface
  public interface Responder {
    /**
     * Answers {@code exchange.message()} with {@link Exchange#reply}, or not at all to close the
     * connection. Called on several threads at once when the limits allow messages in flight.
     */
    void respond(Exchange exchange) throws IOException;
  }

  /** One message received and the way to answer it. */
  public static final class Exchange {
    private final Connection connection;
    private final ReentrantLock writeLock;
    private final byte[] message;
    private boolean replied;

    private Exchange(Connection connection, ReentrantLock writeLock, byte[] message) {
      this.connection = connection;
      this.writeLock = writeLock;
      this.message = message;
    }

    /** The message as received, not decoded (it may be malformed). */
    public byte[] message() {
      return message;
    }

    /** The client's address. */
    public InetAddress client() {
      return connection.remoteAddress().getAddress();
    }

    /** Sends one message of the answer (framed; flushed when the responder returns). */
    public void reply(byte[] response) throws IOException {
      if (response.length > Message.MAX_LENGTH) throw new IllegalArgumentException("message of " + response.length);
      writeLock.lock();
      try {
        connection.write(new byte[] {(byte) (response.length >>> 8), (byte) response.length});
        connection.write(response);
        replied = true;
      } finally {
        writeLock.unlock();
      }
    }

    /** Notes what the message asked in the transcript tap. */
    public void received(String summary) {
      connection.transcript().received(connection.service(), connection.peer(), summary);
    }

    /** Notes something done for the message in the transcript tap. */
    public void note(String text) {
      connection.transcript().note(connection.service(), connection.peer(), text);
    }

    private void flush() throws IOException {
      writeLock.lock();
      try {
        connection.flush();
      } finally {
        writeLock.unlock();
      }
    }
  }

  private final Responder responder;
  private final Limits limits;
  /** Connections being served, per client address (entries go when they reach zero). */
  private final Map<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

  public TcpDnsHandler(Responder responder, Limits limits) {
    this.responder = Objects.requireNonNull(responder);
    this.limits = Objects.requireNonNull(limits);
  }

  @Override
  public void handle(Connection c) throws IOException {
    InetAddress client = c.remoteAddress().getAddress();
    int count = perClient.merge(client, 1, Integer::sum);
    try {
      if (count > limits.maxPerClient()) {
        c.transcript().note(c.service(), c.peer(), "too many connections from " + client.getHostAddress());
        return;
      }
      if (limits.maxInFlight() == 1) inOrder(c);
      else concurrently(c);
    } finally {
      perClient.computeIfPresent(client, (a, n) -> n == 1 ? null : n - 1);
    }
  }

  private void inOrder(Connection c) throws IOException {
    ReentrantLock lock = new ReentrantLock();
    for (byte[] m; (m = next(c)) != null; ) {
      if (!answer(new Exchange(c, lock, m))) return;
    }
  }

  private void concurrently(Connection c) throws IOException {
    ReentrantLock lock = new ReentrantLock();
    Semaphore inFlight = new Semaphore(limits.maxInFlight());
    try {
      for (byte[] m; (m = next(c)) != null; ) {
        inFlight.acquireUninterruptibly();
        if (c.isClosed()) return;
        Exchange e = new Exchange(c, lock, m);
        Thread.ofVirtual().name("dns-tcp " + c.peer()).start(() -> {
          try {
            if (!answer(e)) c.close();
          } catch (IOException ex) {
            c.close(); // the peer is gone or does not read: the reader ends too
          } finally {
            inFlight.release();
          }
        });
      }
    } finally {
      // answers still being worked out are sent before the connection closes
      inFlight.acquireUninterruptibly(limits.maxInFlight());
    }
  }

  /** The next message, or null at the end of the stream or when its length is over the limit. */
  private byte[] next(Connection c) throws IOException {
    LineReader in = c.reader();
    c.clearDeadline();
    c.idleTimeout(limits.idle());
    int hi = in.read();
    if (hi < 0) return null;
    c.deadline(limits.messageDeadline());
    int lo = in.read();
    if (lo < 0) return null;
    int length = (hi << 8) | lo;
    if (length > limits.maxMessage()) {
      c.transcript().note(c.service(), c.peer(), "message of " + length + " octets refused");
      return null;
    }
    byte[] m = c.readExactly(length);
    c.clearDeadline();
    return m;
  }

  /** Runs the responder; false when the connection is to be closed. */
  private boolean answer(Exchange e) throws IOException {
    try {
      responder.respond(e);
    } catch (RuntimeException ex) {
      LOG.log(Level.WARNING, "answering a DNS message over TCP from " + e.connection.peer(), ex);
      return false;
    }
    if (!e.replied) return false;
    e.flush();
    return true;
  }
}
