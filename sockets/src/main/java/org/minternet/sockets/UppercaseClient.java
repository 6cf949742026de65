package org.minternet.sockets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.minternet.core.io.LineReader;
import org.minternet.core.net.WriteTimeouts;

/** The textbook's clients: send a line to the uppercase server over TCP or UDP, return the answer. */
public final class UppercaseClient {
  private UppercaseClient() {}

  /** Sends one line over a new TCP connection and returns the server's line. */
  public static String tcp(InetSocketAddress server, String line, Duration timeout) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(server, (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = WriteTimeouts.guard(socket, timeout);
      out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String reply = new LineReader(in, LineReader.Endings.LENIENT, 65536).readLine();
      if (reply == null) throw new IOException("server closed the connection without answering");
      return reply;
    }
  }

  /** Sends one datagram and returns the server's answer; throws on timeout (UDP may lose it). */
  public static String udp(InetSocketAddress server, String line, Duration timeout) throws IOException {
    try (DatagramSocket socket = new DatagramSocket()) {
      byte[] data = line.getBytes(StandardCharsets.UTF_8);
      socket.send(new DatagramPacket(data, data.length, server));
      socket.setSoTimeout((int) timeout.toMillis());
      byte[] buffer = new byte[65535];
      while (true) {
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(reply);
        } catch (SocketTimeoutException e) {
          throw new SocketTimeoutException("no answer from " + server.getAddress().getHostAddress()
              + ":" + server.getPort() + " within " + timeout.toMillis() + " ms (UDP gives no guarantee)");
        }
        if (reply.getSocketAddress().equals(server)) {
          return new String(buffer, 0, reply.getLength(), StandardCharsets.UTF_8);
        }
      }
    }
  }
}
