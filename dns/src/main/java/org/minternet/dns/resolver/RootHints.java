package org.minternet.dns.resolver;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The root servers a resolver starts from: a list of addresses, or a hints file in the format of
 * IANA's {@code named.root} (master-file lines {@code NAME [TTL] [IN] TYPE DATA}; the A and AAAA
 * lines give the addresses, everything else is ignored).
 */
public record RootHints(List<InetAddress> addresses) {
  /** Largest hints file read. */
  public static final long MAX_FILE_SIZE = 1 << 20;

  public RootHints {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) throw new IllegalArgumentException("no root server addresses");
  }

  public static RootHints of(InetAddress... addresses) {
    return new RootHints(List.of(addresses));
  }

  public static RootHints load(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_SIZE) throw new IOException(file + ": hints file too large");
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Parses hints text; {@code source} names it in error messages. */
  public static RootHints parse(String text, String source) throws IOException {
    List<InetAddress> out = new ArrayList<>();
    int lineNo = 0;
    for (String raw : text.split("\r?\n")) {
      lineNo++;
      int semi = raw.indexOf(';');
      String line = (semi >= 0 ? raw.substring(0, semi) : raw).trim();
      if (line.isEmpty() || line.startsWith("$")) continue;
      String[] f = line.split("\\s+");
      for (int i = 1; i < f.length - 1; i++) {
        String t = f[i].toUpperCase(Locale.ROOT);
        if (t.equals("A") || t.equals("AAAA")) {
          String addr = f[i + 1];
          boolean ok = t.equals("A") ? addr.matches("\\d{1,3}(\\.\\d{1,3}){3}") : addr.contains(":");
          if (!ok) throw new IOException(source + ":" + lineNo + ": bad " + t + " address " + addr);
          out.add(InetAddress.getByName(addr));
          break;
        }
      }
    }
    if (out.isEmpty()) throw new IOException(source + ": no A or AAAA record for a root server");
    return new RootHints(out);
  }
}
