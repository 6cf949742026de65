package org.minternet.dns.zone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.minternet.dns.wire.DnsClass;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.RData;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.SoaRData;
import org.minternet.dns.wire.TextInput;
import org.minternet.dns.wire.WireFormatException;

/**
 * Reads master files (RFC 1035 §5.1): {@code $ORIGIN}, {@code $TTL} (RFC 2308 §4), {@code
 * $INCLUDE} relative to the including file, {@code @}, relative and absolute names, omitted
 * owner, TTL and class, parentheses across lines, comments and quoted strings with escapes.
 * Errors name the file and line; a file with any error yields no zone at all.
 */
public final class ZoneFile {
  /** Largest zone file read (and each included file). */
  public static final long MAX_FILE_SIZE = 64L << 20;
  /** Deepest {@code $INCLUDE} nesting, which also stops include loops. */
  public static final int MAX_INCLUDE_DEPTH = 8;

  private final Zone.Builder builder;
  private Long defaultTtl;
  private Long lastTtl;
  private Name lastOwner;

  private ZoneFile(Name origin) {
    this.builder = Zone.builder(origin);
  }

  /** Loads and checks the zone in {@code file} for {@code origin}. */
  public static Zone load(Path file, Name origin) throws ZoneException, IOException {
    ZoneFile z = new ZoneFile(origin);
    z.include(file, origin, 0);
    return z.builder.build();
  }

  /** Parses zone text (no {@code $INCLUDE} outside {@code baseDir}) and checks it. */
  public static Zone parse(String text, Name origin, String sourceName) throws ZoneException {
    ZoneFile z = new ZoneFile(origin);
    try {
      z.read(text, sourceName, null, origin, 0);
    } catch (IOException e) {
      throw new ZoneException(sourceName + ": " + e.getMessage());
    }
    return z.builder.build();
  }

  private void include(Path file, Name origin, int depth) throws ZoneException, IOException {
    if (depth > MAX_INCLUDE_DEPTH) throw new ZoneException(file + ": $INCLUDE nested too deeply");
    if (Files.size(file) > MAX_FILE_SIZE) throw new ZoneException(file + ": file too large");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    read(text, file.toString(), file.toAbsolutePath().getParent(), origin, depth);
  }

  /** One logical entry: its tokens, whether it began with a blank, and its first line. */
  private record Entry(List<TextInput.Token> tokens, boolean indented, int line) {}

  private void read(String text, String source, Path dir, Name startOrigin, int depth)
      throws ZoneException, IOException {
    Name origin = startOrigin;
    for (Entry e : tokenize(text, source)) {
      String where = source + ":" + e.line() + ": ";
      try {
        List<TextInput.Token> t = e.tokens();
        String first = t.get(0).text();
        if (!e.indented() && !t.get(0).quoted() && first.startsWith("$")) {
          switch (first.toUpperCase()) {
            case "$ORIGIN" -> {
              need(t, 2, "$ORIGIN needs one name");
              origin = Name.parse(t.get(1).text(), origin);
            }
            case "$TTL" -> {
              need(t, 2, "$TTL needs one TTL");
              defaultTtl = TextInput.parseTtl(t.get(1).text(), "TTL");
            }
            case "$INCLUDE" -> {
              if (t.size() < 2 || t.size() > 3) throw new WireFormatException("$INCLUDE needs a file and an optional origin");
              if (dir == null) throw new WireFormatException("$INCLUDE not allowed here");
              Name incOrigin = t.size() == 3 ? Name.parse(t.get(2).text(), origin) : origin;
              Path inc = dir.resolve(t.get(1).text());
              if (!Files.isRegularFile(inc)) throw new WireFormatException("cannot read included file " + inc);
              Name savedOwner = lastOwner;
              include(inc, incOrigin, depth + 1);
              lastOwner = savedOwner;
            }
            default -> throw new WireFormatException("unknown directive " + first);
          }
          continue;
        }
        record(t, e.indented(), origin);
      } catch (WireFormatException ex) {
        throw new ZoneException(where + ex.getMessage());
      }
    }
  }

  private static void need(List<TextInput.Token> t, int n, String message) throws WireFormatException {
    if (t.size() != n) throw new WireFormatException(message);
  }

  private void record(List<TextInput.Token> t, boolean indented, Name origin) throws WireFormatException {
    int i = 0;
    Name owner;
    if (indented) {
      if (lastOwner == null) throw new WireFormatException("no owner name");
      owner = lastOwner;
    } else {
      owner = Name.parse(t.get(i++).text(), origin);
    }
    Long ttl = null;
    int cls = -1;
    int type = -1;
    while (i < t.size()) {
      String s = t.get(i++).text();
      if (ttl == null && !s.isEmpty() && Character.isDigit(s.charAt(0))) {
        ttl = TextInput.parseTtl(s, "TTL");
        continue;
      }
      int c = DnsClass.fromText(s);
      if (cls < 0 && c >= 0) {
        cls = c;
        continue;
      }
      type = RrTypes.fromText(s);
      if (type < 0) throw new WireFormatException("unknown type " + s);
      break;
    }
    if (type < 0) throw new WireFormatException("missing type");
    if (cls >= 0 && cls != DnsClass.IN) throw new WireFormatException("only class IN is served");
    if (type == RrTypes.OPT || type == RrTypes.TSIG || type == RrTypes.ANY || type == RrTypes.AXFR
        || type == RrTypes.IXFR) {
      throw new WireFormatException(RrTypes.toText(type) + " cannot appear in a zone");
    }
    RData data = RrTypes.parse(type, new TextInput(t.subList(i, t.size()), origin));
    long effective;
    if (ttl != null) {
      effective = ttl;
      lastTtl = ttl;
    } else if (defaultTtl != null) {
      effective = defaultTtl;
    } else if (lastTtl != null) {
      effective = lastTtl;
    } else if (data instanceof SoaRData soa) {
      effective = soa.minimum();
    } else {
      SoaRData soa = builder.rrset(builder.origin(), RrTypes.SOA) == null ? null
          : (SoaRData) builder.rrset(builder.origin(), RrTypes.SOA).data().get(0);
      if (soa == null) throw new WireFormatException("no TTL and no $TTL");
      effective = soa.minimum();
    }
    lastOwner = owner;
    builder.add(new Record(owner, type, DnsClass.IN, effective, data));
  }

  /** Splits the text into entries, joining lines inside parentheses and dropping comments. */
  private static List<Entry> tokenize(String text, String source) throws ZoneException {
    List<Entry> out = new ArrayList<>();
    List<TextInput.Token> cur = new ArrayList<>();
    boolean indented = false;
    int depth = 0;
    int line = 1;
    int entryLine = 1;
    boolean lineStart = true;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (lineStart) {
        lineStart = false;
        if (depth == 0) {
          indented = c == ' ' || c == '\t';
          entryLine = line;
        }
      }
      if (c == '\n') {
        line++;
        i++;
        lineStart = true;
        if (depth == 0 && !cur.isEmpty()) {
          out.add(new Entry(cur, indented, entryLine));
          cur = new ArrayList<>();
        }
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        i++;
        continue;
      }
      if (c == ';') {
        while (i < n && text.charAt(i) != '\n') i++;
        continue;
      }
      if (c == '(') {
        depth++;
        i++;
        continue;
      }
      if (c == ')') {
        if (depth == 0) throw new ZoneException(source + ":" + line + ": unbalanced )");
        depth--;
        i++;
        continue;
      }
      StringBuilder sb = new StringBuilder();
      if (c == '"') {
        i++;
        while (true) {
          if (i >= n || text.charAt(i) == '\n') {
            throw new ZoneException(source + ":" + line + ": unterminated quoted string");
          }
          char d = text.charAt(i);
          if (d == '\\' && i + 1 < n && text.charAt(i + 1) != '\n') {
            sb.append(d).append(text.charAt(i + 1));
            i += 2;
            continue;
          }
          i++;
          if (d == '"') break;
          sb.append(d);
        }
        cur.add(new TextInput.Token(sb.toString(), true));
        continue;
      }
      while (i < n) {
        char d = text.charAt(i);
        if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == ';' || d == '(' || d == ')'
            || d == '"') {
          break;
        }
        if (d == '\\' && i + 1 < n && text.charAt(i + 1) != '\n') {
          sb.append(d).append(text.charAt(i + 1));
          i += 2;
          continue;
        }
        sb.append(d);
        i++;
      }
      cur.add(new TextInput.Token(sb.toString(), false));
    }
    if (depth != 0) throw new ZoneException(source + ":" + entryLine + ": unbalanced (");
    if (!cur.isEmpty()) out.add(new Entry(cur, indented, entryLine));
    return out;
  }
}
