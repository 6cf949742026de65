package org.minternet.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The access log in the Combined Log Format of Apache and nginx:
 * {@code host ident authuser [date] "request" status bytes "referer" "user-agent"}.
 *
 * <p>A line is always one line of printable ASCII, whatever a client sent: quotes and backslashes
 * are escaped with a backslash; control characters (CR and LF, but also the C1 controls such as
 * NEL, U+0085, that some readers take for a line break), DEL and every other non-ASCII character
 * become {@code \xHH}, as in nginx: the byte itself for U+0080 to U+00FF (header fields are
 * decoded as ISO-8859-1, so these are the bytes received), the bytes of the UTF-8 encoding
 * beyond.
 */
public final class AccessLog {
  private static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

  private AccessLog() {}

  /**
   * One log line. Fields absent from the request are "-"; the user, request line, referer and
   * user agent are escaped (see the class comment); {@code bytes} are the body bytes sent, "-" for
   * none.
   */
  public static String format(String remote, String user, ZonedDateTime time, String requestLine,
      int status, long bytes, String referer, String userAgent) {
    return remote + " - " + (user == null ? "-" : escape(user)) + " [" + CLF.format(time) + "] \""
        + escape(requestLine) + "\" " + status + " " + (bytes <= 0 ? "-" : Long.toString(bytes))
        + " \"" + (referer == null ? "-" : escape(referer)) + "\" \""
        + (userAgent == null ? "-" : escape(userAgent)) + "\"";
  }

  static ZonedDateTime now() {
    return ZonedDateTime.now(ZoneId.systemDefault());
  }

  static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
      if (plain) {
        if (sb != null) sb.append(c);
        continue;
      }
      if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c <= 0xff) {
        hex(sb, c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1)) ? i + 2 : i + 1;
        for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) hex(sb, b & 0xff);
        i = end - 1;
      }
    }
    return sb == null ? s : sb.toString();
  }

  private static void hex(StringBuilder sb, int b) {
    sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
  }

  /** A log sink appending lines to a file (created if needed). */
  public static Consumer<String> toFile(Path file) throws IOException {
    if (file.getParent() != null) Files.createDirectories(file.getParent());
    ReentrantLock lock = new ReentrantLock();
    var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return line -> {
      lock.lock();
      try {
        out.write(line);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        // a full disk must not stop the server from answering
      } finally {
        lock.unlock();
      }
    };
  }
}
