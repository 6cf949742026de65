package org.minternet.mail.pop3;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.minternet.core.io.LineReader;
import org.minternet.core.net.Connection;
import org.minternet.core.tap.Transcript;
import org.minternet.mail.store.ApopDigest;

/**
 * The POP3 side of the user agent (RFC 1939): log in (STLS or implicit TLS, then AUTH PLAIN or APOP),
 * list with UIDL, download with RETR and either delete (download-and-delete) or keep, remembering
 * which UIDs were already fetched (download-and-keep), the way fetchmail and mail clients do.
 */
public final class Pop3Client implements Closeable {
  /** How the connection is protected. */
  public enum Security { NONE, STLS, IMPLICIT }

  /**
   * The account to read. {@code tls} verifies the server (null: the JDK's default trust). With
   * {@code apop}, {@code password} is the user's APOP secret and the client logs in with APOP
   * (RFC 1939 §7) instead of AUTH PLAIN, which needs a timestamp in the server's greeting.
   */
  public record Account(String host, int port, Security security, String user, String password, SSLContext tls,
      boolean apop) {
    public Account {
      Objects.requireNonNull(host);
      Objects.requireNonNull(security);
      Objects.requireNonNull(user);
      Objects.requireNonNull(password);
    }

    /** An account that logs in with AUTH PLAIN. */
    public Account(String host, int port, Security security, String user, String password, SSLContext tls) {
      this(host, port, security, user, password, tls, false);
    }
  }

  /** The greeting's APOP timestamp, a msg-id (RFC 1939 §7). */
  private static final Pattern TIMESTAMP = Pattern.compile("<[^<>@\\s]+@[^<>@\\s]+>");

  /** One message of the maildrop: its number in this session, size and unique id. */
  public record Listing(int number, long size, String uid) {}

  /** Largest message accepted from a server. */
  public static final long MAX_MESSAGE = 64L * 1024 * 1024;
  /** Name of the file in the output directory remembering the UIDs already downloaded. */
  public static final String SEEN_FILE = ".pop3-uidl";
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Connection connection;

  private Pop3Client(Connection connection) {
    this.connection = connection;
  }

  /** Connects, negotiates TLS as asked and logs in. */
  public static Pop3Client open(Account a) throws IOException {
    SSLContext tls = a.tls();
    try {
      if (tls == null && a.security() != Security.NONE) tls = SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IOException("no TLS", e);
    }
    Connection c;
    if (a.security() == Security.IMPLICIT) {
      SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
      s.connect(new InetSocketAddress(a.host(), a.port()), (int) TIMEOUT.toMillis());
      s.setSoTimeout((int) TIMEOUT.toMillis());
      s.startHandshake();
      c = new Connection(s, "pop3-client", Transcript.NONE, LineReader.Endings.LENIENT, 8192, TIMEOUT);
    } else {
      c = Connection.connect(new InetSocketAddress(a.host(), a.port()), TIMEOUT, "pop3-client", Transcript.NONE);
    }
    Pop3Client client = new Pop3Client(c);
    try {
      String greeting = client.ok(c.readLine());
      if (a.security() == Security.STLS) {
        client.command("STLS");
        c.startTls(tls, true, a.host());
      }
      if (a.apop()) {
        Matcher m = TIMESTAMP.matcher(greeting);
        if (!m.find()) throw new IOException("the server offers no APOP (no timestamp in its greeting)");
        client.command("APOP " + a.user() + " " + ApopDigest.of(m.group(), a.password()));
      } else {
        String plain = "\0" + a.user() + "\0" + a.password();
        client.command("AUTH PLAIN " + Base64.getEncoder().encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
      }
      return client;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private String ok(String line) throws IOException {
    if (line == null) throw new IOException("the server closed the connection");
    if (!line.startsWith("+OK")) throw new IOException("server: " + line);
    return line;
  }

  private String command(String line) throws IOException {
    connection.writeLine(line);
    connection.flush();
    return ok(connection.readLine());
  }

  /** Reads a multi-line response body, undoing dot-stuffing (RFC 1939 §3). */
  private byte[] multiline(long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      byte[] line = connection.reader().readLineBytes(connection.reader().maxLineLength());
      if (line == null) throw new IOException("the server closed the connection inside a response");
      if (line.length == 1 && line[0] == '.') return out.toByteArray();
      int off = line.length > 0 && line[0] == '.' ? 1 : 0;
      out.write(line, off, line.length - off);
      out.write('\r');
      out.write('\n');
      if (out.size() > limit) throw new IOException("message larger than " + limit + " bytes");
    }
  }

  /** The maildrop: number, size and UIDL of every message. */
  public List<Listing> list() throws IOException {
    command("LIST");
    List<Listing> out = new ArrayList<>();
    java.util.Map<Integer, Long> sizes = new java.util.HashMap<>();
    for (String l : new String(multiline(16L << 20), StandardCharsets.US_ASCII).split("\r\n")) {
      String[] f = l.trim().split(" ");
      if (f.length == 2) sizes.put(Integer.parseInt(f[0]), Long.parseLong(f[1]));
    }
    command("UIDL");
    for (String l : new String(multiline(16L << 20), StandardCharsets.US_ASCII).split("\r\n")) {
      String[] f = l.trim().split(" ");
      if (f.length == 2) {
        int n = Integer.parseInt(f[0]);
        out.add(new Listing(n, sizes.getOrDefault(n, -1L), f[1]));
      }
    }
    return out;
  }

  public byte[] retrieve(int number) throws IOException {
    command("RETR " + number);
    return multiline(MAX_MESSAGE);
  }

  public void delete(int number) throws IOException {
    command("DELE " + number);
  }

  /** Ends the session; deletions take effect only now (the UPDATE state). */
  public void quit() throws IOException {
    command("QUIT");
  }

  @Override
  public void close() {
    connection.close();
  }

  /**
   * Downloads new messages into {@code dir} as {@code .eml} files. With {@code delete} they are
   * deleted on the server (download-and-delete); otherwise they stay, and their UIDs are
   * remembered in {@code dir/.pop3-uidl} so that the next run fetches only new ones.
   *
   * @return the number of messages downloaded
   */
  public static int fetch(Account account, Path dir, boolean delete, PrintStream out) throws IOException {
    Files.createDirectories(dir);
    Path seenFile = dir.resolve(SEEN_FILE);
    Set<String> seen = new LinkedHashSet<>();
    if (Files.exists(seenFile)) seen.addAll(Files.readAllLines(seenFile, StandardCharsets.US_ASCII));
    int fetched = 0;
    try (Pop3Client c = open(account)) {
      List<Listing> all = c.list();
      out.printf("%d message(s) on the server%n", all.size());
      for (Listing l : all) {
        if (!delete && seen.contains(l.uid())) continue;
        byte[] message = c.retrieve(l.number());
        String safe = l.uid().replaceAll("[^A-Za-z0-9._-]", "_");
        Path tmp = dir.resolve("." + safe + ".tmp");
        Files.write(tmp, message);
        Files.move(tmp, dir.resolve(safe + ".eml"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        fetched++;
        out.printf("  %d  %s  %d bytes -> %s%n", l.number(), l.uid(), message.length, dir.resolve(safe + ".eml"));
        if (delete) c.delete(l.number());
        else seen.add(l.uid());
      }
      c.quit();
    }
    if (!delete) Files.write(seenFile, seen, StandardCharsets.US_ASCII);
    out.printf("%d new message(s) downloaded%s%n", fetched, delete ? " and deleted on the server" : ", kept on the server");
    return fetched;
  }
}
