package org.minternet.mail.smtp;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.minternet.core.net.Connection;
import org.minternet.core.tap.Transcript;

/**
 * An SMTP client (RFC 5321) for relaying and submission: greeting, EHLO with fallback to HELO,
 * STARTTLS, AUTH PLAIN, MAIL/RCPT/DATA with dot-stuffing, RSET and QUIT. Each reply is returned as
 * an {@link SmtpReply}; the caller decides what a code means for its recipients.
 *
 * <p>Every read is bounded: reply lines by the connection's line limit, replies to
 * {@link #MAX_REPLY_LINES} lines, and time by the timeout given at connection.
 */
public final class SmtpClient implements Closeable {
  /** Most lines in one reply before the server is considered broken. */
  public static final int MAX_REPLY_LINES = 200;
  private static final Pattern STATUS = Pattern.compile("^[245]\\.[0-9]{1,3}\\.[0-9]{1,3}(?= |$)");

  private final Connection connection;
  private final String host;
  private final Map<String, String> extensions = new LinkedHashMap<>();

  private SmtpClient(Connection connection, String host) {
    this.connection = connection;
    this.host = host;
  }

  /**
   * Connects and reads the greeting.
   *
   * @param host the server's name (for TLS server name and certificate checks)
   * @param implicitTls a client TLS context for implicit TLS (port 465), or null
   */
  public static SmtpClient connect(InetSocketAddress address, String host, SSLContext implicitTls, Duration timeout,
      Transcript transcript) throws IOException {
    return connect(address, null, host, implicitTls, timeout, transcript);
  }

  /** As above, connecting from {@code local} (null: the system's choice). */
  public static SmtpClient connect(InetSocketAddress address, java.net.InetAddress local, String host,
      SSLContext implicitTls, Duration timeout, Transcript transcript) throws IOException {
    Connection c = Connection.connect(address, local, timeout, "smtp-client", transcript);
    SmtpClient client = new SmtpClient(c, host);
    try {
      if (implicitTls != null) c.startTls(implicitTls, true, host);
      return client;
    } catch (IOException e) {
      c.close();
      throw e;
    }
  }

  /** Longest wait for the reply to the final dot (RFC 5321 §4.5.3.2.6: 10 minutes). */
  public static final Duration DATA_END_TIMEOUT = Duration.ofMinutes(10);

  /**
   * Sets the longest wait for a reply (RFC 5321 §4.5.3.2: 5 minutes for most commands); the reply
   * to the final dot may take up to {@link #DATA_END_TIMEOUT} or this, whichever is longer.
   */
  public SmtpClient replyTimeout(Duration timeout) {
    connection.idleTimeout(timeout);
    return this;
  }

  /** Reads the 220 greeting (or the 554/421 refusal). */
  public SmtpReply greeting() throws IOException {
    return read();
  }

  /** EHLO; on a 5xx reply falls back to HELO (RFC 5321 §3.2). */
  public SmtpReply ehlo(String clientName) throws IOException {
    extensions.clear();
    SmtpReply r = command("EHLO " + clientName);
    if (r.code() >= 500 && r.code() < 600) return command("HELO " + clientName);
    if (r.code() == 250) {
      for (String line : r.text().subList(1, r.text().size())) {
        String[] kv = line.trim().split(" ", 2);
        extensions.put(kv[0].toUpperCase(Locale.ROOT), kv.length > 1 ? kv[1] : "");
      }
    }
    return r;
  }

  public boolean supports(String extension) {
    return extensions.containsKey(extension.toUpperCase(Locale.ROOT));
  }

  /** The parameter text of an EHLO keyword ("" if none), or null if not offered. */
  public String extension(String keyword) {
    return extensions.get(keyword.toUpperCase(Locale.ROOT));
  }

  public boolean isSecure() {
    return connection.isSecure();
  }

  /** STARTTLS; on 220 performs the handshake. The caller sends EHLO again (RFC 3207 §4.2). */
  public SmtpReply startTls(SSLContext context) throws IOException {
    SmtpReply r = command("STARTTLS");
    if (r.code() == 220) {
      connection.startTls(context, true, host);
      extensions.clear();
    }
    return r;
  }

  /** AUTH PLAIN with an initial response (RFC 4954, RFC 4616). */
  public SmtpReply authPlain(String user, String password) throws IOException {
    String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    connection.transcript().sent(connection.service(), connection.peer(), "AUTH PLAIN <credentials>");
    connection.write(("AUTH PLAIN " + token + "\r\n").getBytes(StandardCharsets.US_ASCII));
    connection.flush();
    return read();
  }

  public SmtpReply mail(String reversePath, String parameters) throws IOException {
    return command("MAIL FROM:<" + reversePath + ">" + (parameters == null || parameters.isEmpty() ? "" : " " + parameters));
  }

  public SmtpReply rcpt(String forwardPath, String parameters) throws IOException {
    return command("RCPT TO:<" + forwardPath + ">" + (parameters == null || parameters.isEmpty() ? "" : " " + parameters));
  }

  /**
   * DATA: on 354 sends the content with line ends normalised to CRLF and leading dots doubled
   * (RFC 5321 §4.5.2), then the terminating dot, and returns the final reply; otherwise returns
   * the refusal.
   */
  public SmtpReply data(byte[] content) throws IOException {
    SmtpReply r = command("DATA");
    if (r.code() != 354) return r;
    connection.write(dotStuff(content));
    connection.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
    connection.flush();
    connection.transcript().sent(connection.service(), connection.peer(), "<message " + content.length + " bytes>");
    Duration normal = connection.idleTimeout();
    if (normal.compareTo(DATA_END_TIMEOUT) < 0) connection.idleTimeout(DATA_END_TIMEOUT);
    try {
      return read();
    } finally {
      connection.idleTimeout(normal);
    }
  }

  /** The content as sent after DATA: CRLF line ends, dot-stuffed, ending in CRLF. */
  static byte[] dotStuff(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 64);
    boolean lineStart = true;
    for (int i = 0; i < content.length; i++) {
      byte b = content[i];
      if (lineStart && b == '.') out.write('.');
      if (b == '\n') {
        if (i == 0 || content[i - 1] != '\r') out.write('\r');
        out.write('\n');
        lineStart = true;
        continue;
      }
      if (b == '\r' && (i + 1 >= content.length || content[i + 1] != '\n')) {
        out.write('\r');
        out.write('\n');
        lineStart = true;
        continue;
      }
      out.write(b);
      lineStart = false;
    }
    if (!lineStart) {
      out.write('\r');
      out.write('\n');
    }
    return out.toByteArray();
  }

  public SmtpReply rset() throws IOException {
    return command("RSET");
  }

  public SmtpReply noop() throws IOException {
    return command("NOOP");
  }

  /** QUIT, ignoring failures (the session is over either way), then close. */
  public void quit() {
    try {
      command("QUIT");
    } catch (IOException | RuntimeException ignored) {
      // closing anyway
    }
    close();
  }

  /** Sends one command line and reads its reply. */
  public SmtpReply command(String line) throws IOException {
    connection.writeLine(line);
    connection.flush();
    return read();
  }

  /** Reads one (possibly multi-line) reply. */
  public SmtpReply read() throws IOException {
    List<String> lines = new ArrayList<>();
    int code = -1;
    while (true) {
      String line = connection.readLine();
      if (line == null) throw new java.io.EOFException("server closed the connection");
      if (line.length() < 3 || !line.substring(0, 3).matches("[2-5][0-9][0-9]")
          || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
        throw new IOException("malformed SMTP reply: " + printable(line));
      }
      int c = Integer.parseInt(line.substring(0, 3));
      if (code >= 0 && c != code) throw new IOException("inconsistent codes in multi-line reply");
      code = c;
      lines.add(line.length() > 4 ? line.substring(4) : "");
      if (lines.size() > MAX_REPLY_LINES) throw new IOException("reply too long");
      if (line.length() == 3 || line.charAt(3) == ' ') break;
    }
    String status = null;
    var m = STATUS.matcher(lines.get(lines.size() - 1));
    if (m.find() && m.group().charAt(0) == Integer.toString(code).charAt(0)) {
      status = m.group();
      List<String> stripped = new ArrayList<>();
      for (String l : lines) {
        var lm = STATUS.matcher(l);
        stripped.add(lm.find() && lm.group().charAt(0) == status.charAt(0) ? l.substring(lm.end()).stripLeading() : l);
      }
      lines = stripped;
    }
    return new SmtpReply(code, status, lines, code == 421 || code == 221);
  }

  /** Printable ASCII only, at most 200 characters: remote text going into logs and bounces. */
  public static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 200; i++) {
      char c = s.charAt(i);
      sb.append(c >= 32 && c < 127 ? c : '?');
    }
    return sb.toString();
  }

  /** The TLS protocol in use, or null in the clear. */
  public String tlsProtocol() {
    return connection.tlsSession() == null ? null : connection.tlsSession().getProtocol();
  }

  @Override
  public void close() {
    connection.close();
  }
}
