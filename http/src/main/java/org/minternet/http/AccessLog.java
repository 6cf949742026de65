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
 */
public final class AccessLog {
  private static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US);

  private AccessLog() {}

  /** One log line. Fields absent from the request are "-"; quotes inside fields are escaped. */
  public static String format(String remote, String user, ZonedDateTime time, String requestLine,
      int status, long bytes, String referer, String userAgent) {
    return remote + " - " + (user == null ? "-" : user) + " [" + CLF.format(time) + "] \""
        + escape(requestLine) + "\" " + status + " " + (bytes <= 0 ? "-" : Long.toString(bytes))
        + " \"" + (referer == null ? "-" : escape(referer)) + "\" \""
        + (userAgent == null ? "-" : escape(userAgent)) + "\"";
  }

  static ZonedDateTime now() {
    return ZonedDateTime.now(ZoneId.systemDefault());
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
      else sb.append(c);
    }
    return sb.toString();
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
