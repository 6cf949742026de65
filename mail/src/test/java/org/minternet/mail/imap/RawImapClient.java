package org.minternet.mail.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.minternet.core.io.LineReader;

/** A bare socket client for tests: sends lines and bytes, reads lines. */
final class RawImapClient implements AutoCloseable {
  final Socket socket;
  final LineReader in;
  final OutputStream out;

  RawImapClient(int port) throws IOException {
    socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    in = new LineReader(socket.getInputStream(), LineReader.Endings.LENIENT, 1 << 20);
    out = socket.getOutputStream();
  }

  RawImapClient(Socket s) throws IOException {
    socket = s;
    socket.setSoTimeout(10_000);
    in = new LineReader(socket.getInputStream(), LineReader.Endings.LENIENT, 1 << 20);
    out = socket.getOutputStream();
  }

  String line() throws IOException {
    return in.readLine();
  }

  void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  void sendRaw(byte[] data) throws IOException {
    out.write(data);
    out.flush();
  }

  /** Sends a command and collects the lines up to its tagged reply (inclusive). */
  List<String> command(String tag, String command) throws IOException {
    send(tag + " " + command);
    return until(tag);
  }

  List<String> until(String tag) throws IOException {
    List<String> lines = new ArrayList<>();
    while (true) {
      String l = line();
      if (l == null) throw new IOException("closed; got " + lines);
      lines.add(l);
      if (l.startsWith(tag + " ")) return lines;
    }
  }

  /** Reads exactly n bytes (a literal in a response). */
  byte[] bytes(int n) throws IOException {
    return in.readExactly(n);
  }

  InputStream stream() {
    return in.asInputStream();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
