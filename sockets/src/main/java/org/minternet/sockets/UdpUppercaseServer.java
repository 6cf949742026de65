package org.minternet.sockets;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.minternet.core.Endpoint;
import org.minternet.core.net.UdpListener;
import org.minternet.core.tap.Transcript;

/** The textbook's UDP server: each datagram is answered with its text in upper case. */
public final class UdpUppercaseServer implements AutoCloseable {
  private final UdpListener listener;
  private final String host;

  private UdpUppercaseServer(UdpListener listener, String host) {
    this.listener = listener;
    this.host = host;
  }

  public static UdpUppercaseServer start(InetAddress bind, int port, String host, Transcript transcript)
      throws IOException {
    UdpListener l = UdpListener.builder().name("udp-upper").bind(bind).port(port).inline(true)
        .transcript(transcript)
        .handler((data, length, sender) -> {
          byte[] reply = Uppercase.apply(data, 0, length);
          String peer = sender.getAddress().getHostAddress() + ":" + sender.getPort();
          transcript.received("udp-upper", peer, new String(data, 0, length, StandardCharsets.UTF_8).strip());
          transcript.sent("udp-upper", peer, new String(reply, StandardCharsets.UTF_8).strip());
          return reply;
        }).start();
    return new UdpUppercaseServer(l, host);
  }

  public Endpoint endpoint() {
    return listener.endpoint(host, "udp-upper");
  }

  @Override
  public void close() {
    listener.close();
  }
}
