package org.minternet.mail.queue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A receiving SMTP server for queue tests: accepts every message, keeps its Subject in arrival
 * order, and can cut a connection at the n-th MAIL command (counted over all connections) after
 * running a hook: the test's stand-in for the sending node dying between two messages.
 */
final class ReceivingSmtpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final List<String> subjects = new CopyOnWriteArrayList<>();
  private final AtomicInteger mailCommands = new AtomicInteger();
  private volatile IntPredicate cutAtMail = n -> false;
  private volatile Runnable onCut = () -> {};

  ReceivingSmtpServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::accept);
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Cuts the connection at each MAIL command whose number (from 1) matches, after {@code hook}. */
  void cutAt(IntPredicate mailNumber, Runnable hook) {
    this.onCut = hook;
    this.cutAtMail = mailNumber;
  }

  /** The Subjects of the messages received (acknowledged with 250), in order. */
  List<String> subjects() {
    return List.copyOf(subjects);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(20_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      reply(out, "220 receiver.test ESMTP");
      for (String line; (line = in.readLine()) != null; ) {
        String verb = line.split(" ", 2)[0].toUpperCase(java.util.Locale.ROOT);
        switch (verb) {
          case "EHLO" -> reply(out, "250-receiver.test\r\n250 8BITMIME");
          case "MAIL" -> {
            if (cutAtMail.test(mailCommands.incrementAndGet())) {
              onCut.run();
              return;
            }
            reply(out, "250 2.1.0 OK");
          }
          case "RCPT", "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
          case "DATA" -> {
            reply(out, "354 go ahead");
            String subject = null;
            for (String l; (l = in.readLine()) != null && !l.equals("."); ) {
              if (subject == null && l.startsWith("Subject: ")) subject = l.substring(9);
            }
            subjects.add(subject);
            reply(out, "250 2.0.0 queued");
          }
          case "QUIT" -> {
            reply(out, "221 2.0.0 bye");
            return;
          }
          default -> reply(out, "502 5.5.1 unknown");
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void reply(OutputStream out, String text) throws IOException {
    out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
