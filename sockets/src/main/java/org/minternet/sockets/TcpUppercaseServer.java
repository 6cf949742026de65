package org.minternet.sockets;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.minternet.core.Endpoint;
import org.minternet.core.io.LineReader;
import org.minternet.core.io.LineTooLongException;
import org.minternet.core.net.Connection;
import org.minternet.core.net.TcpListener;
import org.minternet.core.tap.Transcript;

/**
 * The textbook's TCP server, thread-per-connection: each client (on its own virtual thread) sends
 * lines and gets each back in upper case, until it closes. A bare LF ends a line too, so that
 * {@code nc} and {@code socat} work as clients.
 */
public final class TcpUppercaseServer implements AutoCloseable {
  /** Longest line answered; a longer one closes the connection with an error line. */
  public static final int MAX_LINE = 8192;

  private final TcpListener listener;
  private final String host;

  private TcpUppercaseServer(TcpListener listener, String host) {
    this.listener = listener;
    this.host = host;
  }

  public static TcpUppercaseServer start(InetAddress bind, int port, String host, int maxConnections,
      Duration idleTimeout, Transcript transcript) throws IOException {
    TcpListener l = TcpListener.builder().name("tcp-upper").bind(bind).port(port)
        .maxConnections(maxConnections).idleTimeout(idleTimeout)
        .lineEndings(LineReader.Endings.LENIENT).maxLineLength(MAX_LINE).transcript(transcript)
        .rejecter(c -> {
          c.writeLine("ERROR server busy, try again later");
          c.flush();
        })
        .handler(TcpUppercaseServer::serve).start();
    return new TcpUppercaseServer(l, host);
  }

  static void serve(Connection c) throws IOException {
    while (true) {
      byte[] line;
      try {
        line = c.reader().readLineBytes(MAX_LINE);
      } catch (LineTooLongException e) {
        c.writeLine("ERROR line longer than " + MAX_LINE + " bytes");
        c.flush();
        if (!e.recovered()) return;
        continue;
      }
      if (line == null) return;
      c.transcript().received(c.service(), c.peer(), new String(line, StandardCharsets.UTF_8));
      byte[] reply = Uppercase.apply(line);
      c.transcript().sent(c.service(), c.peer(), new String(reply, StandardCharsets.UTF_8));
      c.write(reply);
      c.write(new byte[] {'\n'});
      if (c.reader().buffered() == 0) c.flush();
    }
  }

  public Endpoint endpoint() {
    return listener.endpoint(host, "tcp-upper");
  }

  public TcpListener listener() {
    return listener;
  }

  @Override
  public void close() {
    listener.close();
  }
}
