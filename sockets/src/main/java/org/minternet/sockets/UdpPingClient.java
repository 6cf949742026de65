package org.minternet.sockets;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The textbook's UDP pinger client: sends {@code count} datagrams {@code "Ping <seq> <millis>"},
 * waits up to {@code timeout} for each reply, prints each round-trip time, then the loss and
 * min/avg/max/mdev like {@code ping}. Late replies to earlier pings are recognised by their
 * sequence number and ignored.
 */
public final class UdpPingClient {
  private UdpPingClient() {}

  public static PingStatistics ping(InetSocketAddress server, int count, Duration interval,
      Duration timeout, PrintStream out) throws IOException {
    if (count < 1) throw new IllegalArgumentException("count must be at least 1");
    List<Double> rtts = new ArrayList<>();
    String target = server.getAddress().getHostAddress() + ":" + server.getPort();
    out.printf(Locale.ROOT, "PING %s: %d pings, timeout %d ms%n", target, count, timeout.toMillis());
    try (DatagramSocket socket = new DatagramSocket()) {
      byte[] buffer = new byte[1024];
      for (int seq = 1; seq <= count; seq++) {
        long sent = System.nanoTime();
        byte[] ping = ("Ping " + seq + " " + System.currentTimeMillis()).getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(ping, ping.length, server));
        long deadline = sent + timeout.toNanos();
        boolean answered = false;
        while (!answered) {
          long remaining = (deadline - System.nanoTime()) / 1_000_000;
          if (remaining <= 0) break;
          socket.setSoTimeout((int) remaining);
          DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
          try {
            socket.receive(reply);
          } catch (SocketTimeoutException e) {
            break;
          }
          if (!reply.getSocketAddress().equals(server)) continue;
          String text = new String(buffer, 0, reply.getLength(), StandardCharsets.US_ASCII).trim();
          String[] parts = text.split(" ");
          if (parts.length < 2 || !parts[0].equalsIgnoreCase("PING") || !parts[1].equals(Integer.toString(seq))) {
            continue;
          }
          double rtt = (System.nanoTime() - sent) / 1e6;
          rtts.add(rtt);
          out.printf(Locale.ROOT, "reply from %s: seq=%d time=%.3f ms%n", target, seq, rtt);
          answered = true;
        }
        if (!answered) out.printf(Locale.ROOT, "request timed out: seq=%d%n", seq);
        if (seq < count) {
          long pause = interval.toMillis() - (System.nanoTime() - sent) / 1_000_000;
          if (pause > 0) {
            try {
              Thread.sleep(pause);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              break;
            }
          }
        }
      }
    }
    PingStatistics stats = new PingStatistics(count, List.copyOf(rtts));
    out.println("--- " + target + " ping statistics ---");
    out.println(stats.summary());
    return stats;
  }
}
