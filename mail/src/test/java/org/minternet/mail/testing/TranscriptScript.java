package org.minternet.mail.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Replays a C:/S: transcript against a live server. Lines:
 * <ul>
 *   <li>{@code C: text} — send text and CRLF;
 *   <li>{@code R: text} — send raw text with {@code \r}, {@code \n}, {@code \\} escapes, no CRLF added;
 *   <li>{@code S: text} — expect exactly this line; {@code S~ regex} — a line matching the regex;
 *   <li>{@code S: <closed>} — expect the server to close the connection;
 *   <li>{@code #} comments and blank lines are ignored.
 * </ul>
 */
public final class TranscriptScript {
  private TranscriptScript() {}

  /**
   * Plays the client's lines and checks every server line of {@code script} against the server.
   *
   * @return the number of server lines checked
   */
  public static int replay(Path script, InetSocketAddress server) throws IOException {
    List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
    try (Socket socket = new Socket()) {
      socket.connect(server, 5000);
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      int n = 0;
      int checked = 0;
      for (String line : lines) {
        n++;
        if (line.isBlank() || line.startsWith("#")) continue;
        String where = script.getFileName() + ":" + n;
        String body = line.length() > 3 ? line.substring(3) : "";
        switch (line.substring(0, Math.min(2, line.length()))) {
          case "C:" -> {
            out.write((body + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
          case "R:" -> {
            out.write(unescape(body).getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
          case "S:" -> {
            checked++;
            String got = readLine(in);
            if (body.equals("<closed>")) {
              assertThat(got).as(where + " expected close").isNull();
            } else {
              assertThat(got).as(where).isEqualTo(body);
            }
          }
          case "S~" -> {
            checked++;
            assertThat(readLine(in)).as(where).matches(body);
          }
          default -> throw new IllegalArgumentException(where + ": bad transcript line: " + line);
        }
      }
      return checked;
    }
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char d = s.charAt(++i);
        sb.append(switch (d) {
          case 'r' -> '\r';
          case 'n' -> '\n';
          case 't' -> '\t';
          default -> d;
        });
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A CRLF line, or null at end of stream (also after a reset). */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          byte[] a = buf.toByteArray();
          int len = a.length > 0 && a[a.length - 1] == '\r' ? a.length - 1 : a.length;
          return new String(a, 0, len, StandardCharsets.UTF_8);
        }
        buf.write(b);
      }
    } catch (java.net.SocketException e) {
      return null;
    }
    return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
  }
}
