package org.minternet.mail.imap;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.minternet.core.net.Connection;
import org.minternet.core.tap.Transcript;
import org.minternet.mail.message.EncodedWords;
import org.minternet.mail.message.MessageHeader;

/**
 * The reading side of the user agent: a small IMAP client (RFC 9051) for {@code minternet mail
 * folders}, {@code mail list} and {@code mail read N}. It speaks IMAP4rev1 commands that every
 * server understands, over STARTTLS, implicit TLS or (for a private world) clear text.
 *
 * <pre>{@code
 * ImapClient.Account bob = new ImapClient.Account("127.5.0.2", 1143, ImapClient.Security.STARTTLS,
 *     "bob@hamburger.edu", "bob-secret", TlsContexts.trusting(worldCertificate));
 * List<ImapClient.MessageSummary> inbox = ImapClient.list(bob, "INBOX");
 * byte[] message = ImapClient.read(bob, "INBOX", 1);
 * }</pre>
 */
public final class ImapClient implements Closeable {
  /** How the connection is protected. */
  public enum Security {
    /** Clear text (only for a private world where the server allows plaintext logins). */
    NONE,
    /** STARTTLS on the IMAP port (143). */
    STARTTLS,
    /** TLS from the first byte (imaps, 993). */
    IMPLICIT
  }

  /** Where and who: the account the CLI reads. {@code tls} verifies the server (null: JDK default). */
  public record Account(String host, int port, Security security, String user, String password, SSLContext tls) {
    public Account {
      Objects.requireNonNull(host);
      Objects.requireNonNull(security);
      Objects.requireNonNull(user);
      Objects.requireNonNull(password);
    }
  }

  /** A folder from LIST, with its attributes (e.g. {@code \Sent}, {@code \HasChildren}). */
  public record Folder(String name, List<String> attributes) {}

  /** One line of {@code mail list}. */
  public record MessageSummary(int number, long uid, Set<String> flags, long size, String from, String subject,
      String date) {}

  /** Largest literal the client accepts in a response. */
  static final int MAX_LITERAL = 64 * 1024 * 1024;
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Connection connection;
  private int tagCounter;

  private ImapClient(Connection connection) {
    this.connection = connection;
  }

  /** Connects, reads the greeting, negotiates TLS as asked and logs in. */
  public static ImapClient open(Account account) throws IOException {
    Connection c;
    SSLContext tls = account.tls();
    try {
      if (tls == null && account.security() != Security.NONE) tls = SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IOException("no TLS", e);
    }
    if (account.security() == Security.IMPLICIT) {
      SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
      s.connect(new InetSocketAddress(account.host(), account.port()), (int) TIMEOUT.toMillis());
      var params = s.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(params);
      s.setSoTimeout((int) TIMEOUT.toMillis());
      s.startHandshake();
      c = new Connection(s, "imap-client", Transcript.NONE, org.minternet.core.io.LineReader.Endings.LENIENT,
          64 * 1024, TIMEOUT);
    } else {
      c = Connection.connect(new InetSocketAddress(account.host(), account.port()), TIMEOUT, "imap-client",
          Transcript.NONE);
    }
    ImapClient client = new ImapClient(c);
    try {
      String greeting = c.readLine();
      if (greeting == null || !greeting.startsWith("* OK")) {
        throw new IOException("unexpected greeting: " + greeting);
      }
      if (account.security() == Security.STARTTLS) {
        client.command("STARTTLS");
        c.startTls(tls, true, account.host());
      }
      String plain = "\0" + account.user() + "\0" + account.password();
      client.command("AUTHENTICATE PLAIN " + Base64.getEncoder()
          .encodeToString(plain.getBytes(StandardCharsets.UTF_8)));
      return client;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** The user's folders. */
  public static List<Folder> folders(Account account) throws IOException {
    try (ImapClient c = open(account)) {
      return c.folders();
    }
  }

  /** The messages of a folder, oldest first. */
  public static List<MessageSummary> list(Account account, String folder) throws IOException {
    try (ImapClient c = open(account)) {
      return c.list(folder);
    }
  }

  /** The exact bytes of message {@code number} (marks it \Seen, as reading does). */
  public static byte[] read(Account account, String folder, int number) throws IOException {
    try (ImapClient c = open(account)) {
      return c.read(folder, number);
    }
  }

  public List<Folder> folders() throws IOException {
    List<Folder> out = new ArrayList<>();
    for (List<Object> r : command("LIST \"\" \"*\"")) {
      if (r.size() >= 5 && "LIST".equalsIgnoreCase(atom(r.get(1))) && r.get(2) instanceof List<?> attrs) {
        List<String> a = new ArrayList<>();
        for (Object o : attrs) a.add(atom(o));
        String name = text(r.get(4));
        out.add(new Folder(decodeName(name), a));
      }
    }
    return out;
  }

  public List<MessageSummary> list(String folder) throws IOException {
    int exists = select(folder, true);
    List<MessageSummary> out = new ArrayList<>();
    if (exists == 0) return out;
    for (List<Object> r : command("FETCH 1:* (UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM SUBJECT DATE)])")) {
      if (r.size() < 4 || !"FETCH".equalsIgnoreCase(atom(r.get(2))) || !(r.get(3) instanceof List<?> items)) continue;
      int number = Integer.parseInt(atom(r.get(1)));
      long uid = 0;
      long size = 0;
      Set<String> flags = new LinkedHashSet<>();
      MessageHeader header = MessageHeader.parse(new byte[0]);
      for (int i = 0; i + 1 < items.size(); i += 2) {
        String key = atom(items.get(i)).toUpperCase(java.util.Locale.ROOT);
        Object v = items.get(i + 1);
        if (key.equals("UID")) uid = Long.parseLong(atom(v));
        else if (key.equals("RFC822.SIZE")) size = Long.parseLong(atom(v));
        else if (key.equals("FLAGS") && v instanceof List<?> fl) for (Object f : fl) flags.add(atom(f));
        else if (key.startsWith("BODY[") && v instanceof byte[] b) header = MessageHeader.parse(b);
      }
      out.add(new MessageSummary(number, uid, flags, size, decoded(header, "From"), decoded(header, "Subject"),
          header.get("Date")));
    }
    return out;
  }

  public byte[] read(String folder, int number) throws IOException {
    int exists = select(folder, false);
    if (number < 1 || number > exists) throw new IOException("no message " + number + " in " + folder);
    for (List<Object> r : command("FETCH " + number + " BODY[]")) {
      if (r.size() >= 4 && r.get(3) instanceof List<?> items) {
        for (int i = 0; i + 1 < items.size(); i += 2) {
          if (atom(items.get(i)).equalsIgnoreCase("BODY[]") && items.get(i + 1) instanceof byte[] b) return b;
        }
      }
    }
    throw new IOException("the server sent no message body");
  }

  private int select(String folder, boolean readOnly) throws IOException {
    int exists = 0;
    for (List<Object> r : command((readOnly ? "EXAMINE " : "SELECT ") + quote(ModifiedUtf7.encode(folder)))) {
      if (r.size() >= 3 && "EXISTS".equalsIgnoreCase(atom(r.get(2)))) exists = Integer.parseInt(atom(r.get(1)));
    }
    return exists;
  }

  private static String decoded(MessageHeader h, String name) {
    String v = h.get(name);
    return v == null ? null : EncodedWords.decode(v);
  }

  private static String decodeName(String name) {
    try {
      return ModifiedUtf7.decode(name);
    } catch (IllegalArgumentException e) {
      return name;
    }
  }

  /**
   * Sends a command and returns its untagged responses parsed into lists of atoms (String),
   * strings (byte[]) and parenthesised lists; throws unless the tagged status is OK.
   */
  List<List<Object>> command(String command) throws IOException {
    String tag = "c" + (++tagCounter);
    connection.writeLine(tag + " " + command);
    connection.flush();
    List<List<Object>> untagged = new ArrayList<>();
    while (true) {
      byte[] response = readResponse();
      String start = new String(response, 0, Math.min(response.length, tag.length() + 1), StandardCharsets.UTF_8);
      if (start.equals(tag + " ")) {
        String line = new String(response, StandardCharsets.UTF_8);
        if (!line.startsWith(tag + " OK")) throw new IOException("server refused " + command.split(" ")[0] + ": "
            + line.substring(tag.length() + 1));
        return untagged;
      }
      if (response.length > 0 && response[0] == '*') untagged.add(new ResponseParser(response).all());
    }
  }

  /** One response: a line plus any literals it announces, with the literal bytes inline. */
  private byte[] readResponse() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      byte[] line = connection.reader().readLineBytes(connection.reader().maxLineLength());
      if (line == null) throw new IOException("server closed the connection");
      out.write(line);
      int n = literalAtEnd(line);
      if (n < 0) return out.toByteArray();
      if (n > MAX_LITERAL || out.size() + n > MAX_LITERAL) throw new IOException("response too large");
      out.write('\r');
      out.write('\n');
      out.write(connection.reader().readExactly(n));
    }
  }

  private static int literalAtEnd(byte[] line) {
    int end = line.length;
    if (end < 3 || line[end - 1] != '}') return -1;
    int i = end - 2;
    while (i >= 0 && line[i] >= '0' && line[i] <= '9') i--;
    if (i < 0 || line[i] != '{' || i == end - 2 || end - 2 - i > 9) return -1;
    return Integer.parseInt(new String(line, i + 1, end - 2 - i, StandardCharsets.US_ASCII));
  }

  private static String atom(Object o) {
    return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
  }

  private static String text(Object o) {
    return atom(o);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public void close() {
    try {
      command("LOGOUT");
    } catch (IOException | RuntimeException e) {
      // closing anyway
    }
    connection.close();
  }

  /** Tokenises a response: atoms, quoted strings, literals (inline), NIL, nested lists. */
  static final class ResponseParser {
    private final byte[] b;
    private int pos;

    ResponseParser(byte[] b) {
      this.b = b;
    }

    List<Object> all() {
      List<Object> out = new ArrayList<>();
      while (pos < b.length) {
        if (b[pos] == ' ') {
          pos++;
          continue;
        }
        out.add(item(0));
      }
      return out;
    }

    private Object item(int depth) {
      byte c = b[pos];
      if (c == '(' && depth < 64) {
        pos++;
        List<Object> list = new ArrayList<>();
        while (pos < b.length && b[pos] != ')') {
          if (b[pos] == ' ') {
            pos++;
            continue;
          }
          list.add(item(depth + 1));
        }
        pos++;
        return list;
      }
      if (c == '"') {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pos++;
        while (pos < b.length && b[pos] != '"') {
          if (b[pos] == '\\' && pos + 1 < b.length) pos++;
          out.write(b[pos++]);
        }
        pos++;
        return out.toByteArray();
      }
      if (c == '{' || (c == '~' && pos + 1 < b.length && b[pos + 1] == '{')) {
        int close = pos;
        while (close < b.length && b[close] != '}') close++;
        int start = c == '~' ? pos + 2 : pos + 1;
        int n = Integer.parseInt(new String(b, start, close - start, StandardCharsets.US_ASCII));
        int from = close + 3; // "}\r\n"
        pos = Math.min(b.length, from + n);
        return java.util.Arrays.copyOfRange(b, Math.min(from, b.length), pos);
      }
      int start = pos;
      int depthBracket = 0;
      while (pos < b.length) {
        byte x = b[pos];
        if (x == '[') depthBracket++;
        if (x == ']') depthBracket--;
        if (depthBracket == 0 && (x == ' ' || x == ')' || x == '(')) break;
        if (depthBracket > 0 && x == '(') {
          // BODY[HEADER.FIELDS (A B)]: the list belongs to the atom
          while (pos < b.length && b[pos] != ')') pos++;
        }
        pos++;
      }
      if (pos == start) pos++; // a stray parenthesis: skip it rather than loop
      String a = new String(b, start, pos - start, StandardCharsets.UTF_8);
      return a.equalsIgnoreCase("NIL") ? null : a;
    }
  }
}
