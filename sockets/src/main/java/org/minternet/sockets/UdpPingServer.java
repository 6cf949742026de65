package org.minternet.sockets;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.minternet.core.Endpoint;
import org.minternet.core.net.UdpListener;
import org.minternet.core.tap.Transcript;

/**
 * The textbook's UDP pinger server: echoes each ping (in upper case, as in the textbook lab) and
 * drops a configurable share of them to simulate packet loss.
 */
public final class UdpPingServer implements AutoCloseable {
  private final UdpListener listener;
  private final String host;
  private final AtomicLong dropped = new AtomicLong();

  private UdpPingServer(UdpListener listener, String host) {
    this.listener = listener;
    this.host = host;
  }

  /**
   * @param lossRate share of pings dropped, 0.0 to 1.0
   */
  public static UdpPingServer start(InetAddress bind, int port, String host, double lossRate,
      Transcript transcript) throws IOException {
    if (lossRate < 0 || lossRate > 1) throw new IllegalArgumentException("loss rate must be between 0 and 1");
    UdpPingServer[] self = new UdpPingServer[1];
    UdpListener l = UdpListener.builder().name("udp-ping").bind(bind).port(port).inline(true)
        .transcript(transcript)
        .handler((data, length, sender) -> {
          String peer = sender.getAddress().getHostAddress() + ":" + sender.getPort();
          String text = new String(data, 0, length, StandardCharsets.UTF_8).strip();
          if (lossRate > 0 && ThreadLocalRandom.current().nextDouble() < lossRate) {
            self[0].dropped.incrementAndGet();
            transcript.note("udp-ping", peer, "dropped: " + text);
            return null;
          }
          transcript.received("udp-ping", peer, text);
          return Uppercase.apply(data, 0, length);
        }).build();
    UdpPingServer server = new UdpPingServer(l, host);
    self[0] = server;
    l.start();
    return server;
  }

  public long dropped() {
    return dropped.get();
  }

  public Endpoint endpoint() {
    return listener.endpoint(host, "udp-ping");
  }

  @Override
  public void close() {
    listener.close();
  }
}
