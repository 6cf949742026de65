package org.minternet.dns.resolver;

import org.minternet.dns.client.DnsClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import org.minternet.core.net.WriteTimeouts;
import org.minternet.dns.wire.Header;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Opcode;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.WireFormatException;

/**
 * Sends one query to one authority and returns its response, with the defences against off-path
 * spoofing (RFC 5452): a fresh random ID and a fresh random source port per query; a datagram is
 * accepted only from the address and port queried, with the same ID and the same question, and
 * other datagrams are ignored while waiting. A truncated UDP answer is retried over TCP.
 */
class Upstream {
  /** Lowest source port picked at random; below it are the well-known and registered ports. */
  static final int MIN_SOURCE_PORT = 10_000;
  /** Datagrams ignored while waiting for the real answer before giving up on this query. */
  static final int MAX_IGNORED = 64;

  /** What came back, and how. */
  record Exchange(Message response, String transport, long micros, int ignored) {}

  private final SecureRandom random = new SecureRandom();

  int randomId() {
    return random.nextInt(0x10000);
  }

  /**
   * Sends the query over UDP and, if the answer is truncated, again over TCP.
   *
   * @throws IOException on timeout, a malformed answer or a network error
   */
  Exchange query(InetSocketAddress server, Question question, boolean edns, Duration timeout)
      throws IOException {
    long start = System.nanoTime();
    Message query = query(question, edns);
    UdpResult udp = udp(server, query, timeout);
    if (udp.response.header().tc()) {
      Message tcpQuery = query(question, edns);
      Message r = tcp(server, tcpQuery, timeout);
      return new Exchange(r, "tcp", (System.nanoTime() - start) / 1000, udp.ignored);
    }
    return new Exchange(udp.response, "udp", (System.nanoTime() - start) / 1000, udp.ignored);
  }

  private Message query(Question question, boolean edns) {
    Message m = Message.query(randomId(), question, false);
    return edns ? m : m.withEdns(null);
  }

  private record UdpResult(Message response, int ignored) {}

  private UdpResult udp(InetSocketAddress server, Message query, Duration timeout)
      throws IOException {
    byte[] out = query.encode();
    try (DatagramSocket socket = randomPortSocket()) {
      socket.send(new DatagramPacket(out, out.length, server));
      long deadline = System.nanoTime() + timeout.toNanos();
      byte[] buffer = new byte[Message.MAX_LENGTH];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      int ignored = 0;
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) throw new SocketTimeoutException("no answer from " + server);
        socket.setSoTimeout((int) Math.max(1, left));
        packet.setLength(buffer.length);
        socket.receive(packet);
        if (!server.equals(packet.getSocketAddress())) {
          if (++ignored > MAX_IGNORED) throw new IOException("too many stray datagrams");
          continue; // not from the address and port we asked: an off-path forgery or noise
        }
        Header h = Message.peekHeader(buffer, packet.getLength());
        if (h == null || h.id() != query.id() || !h.qr()) {
          if (++ignored > MAX_IGNORED) throw new IOException("too many stray datagrams");
          continue;
        }
        Message response;
        try {
          response = Message.decode(buffer, 0, packet.getLength());
        } catch (WireFormatException e) {
          throw new IOException("malformed response from " + server + ": " + e.getMessage());
        }
        if (!matches(query, response) && !formatErrorWithoutQuestion(response)) {
          if (++ignored > MAX_IGNORED) throw new IOException("too many stray datagrams");
          continue;
        }
        return new UdpResult(response, ignored);
      }
    }
  }

  /** A UDP socket on a random unprivileged port (not left to a predictable OS sequence). */
  private DatagramSocket randomPortSocket() throws SocketException {
    for (int i = 0; i < 8; i++) {
      int port = MIN_SOURCE_PORT + random.nextInt(65536 - MIN_SOURCE_PORT);
      try {
        return new DatagramSocket(port);
      } catch (SocketException e) {
        // in use: pick another
      }
    }
    return new DatagramSocket();
  }

  Message tcp(InetSocketAddress server, Message query, Duration timeout) throws IOException {
    byte[] out = query.encode();
    try (Socket s = new Socket()) {
      s.connect(server, (int) Math.max(1, timeout.toMillis()));
      s.setSoTimeout((int) Math.max(1, timeout.toMillis()));
      OutputStream os = WriteTimeouts.guard(s, timeout);
      DnsClient.writeMessage(os, out);
      byte[] data = DnsClient.readMessage(s.getInputStream());
      Message response;
      try {
        response = Message.decode(data);
      } catch (WireFormatException e) {
        throw new IOException("malformed response from " + server + ": " + e.getMessage());
      }
      if (!response.header().qr() || response.id() != query.id() || !matches(query, response)) {
        throw new IOException("mismatched TCP response from " + server);
      }
      return response;
    }
  }

  /**
   * A FORMERR without a question section, as old servers send for EDNS: accepted (from the right
   * address, with the right ID) because all it can make us do is ask again without EDNS.
   */
  static boolean formatErrorWithoutQuestion(Message response) {
    return response.questions().isEmpty() && response.rcode() == Rcode.FORMERR;
  }

  /** Same opcode and the same question (name compared case-insensitively, type and class). */
  static boolean matches(Message query, Message response) {
    if (response.header().opcode() != Opcode.QUERY) return false;
    if (response.questions().size() != 1) return false;
    Question q = query.question();
    Question r = response.question();
    return q.name().equals(r.name()) && q.type() == r.type() && q.dnsClass() == r.dnsClass();
  }
}
