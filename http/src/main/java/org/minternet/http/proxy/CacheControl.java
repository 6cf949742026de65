package org.minternet.http.proxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.minternet.http.wire.Headers;

/**
 * The directives of the Cache-Control header fields of one message (RFC 9111 §5.2), parsed once.
 * Directive names are case-insensitive; arguments may be tokens or quoted strings (§5.2: the
 * quoted form of a token argument is accepted too). When a directive appears more than once the
 * first occurrence counts (§4.2.1). A delta-seconds argument that is not 1*DIGIT is kept as {@link
 * #INVALID}; one too large to represent is capped at 2^31 (§1.2.2).
 */
record CacheControl(Map<String, String> directives) {
  /** The value of a delta-seconds directive whose argument is missing or malformed. */
  static final long INVALID = -1;
  /** The cap on delta-seconds (RFC 9111 §1.2.2). */
  static final long MAX_DELTA = 2147483648L;

  static final CacheControl NONE = new CacheControl(Map.of());

  /** Parses every Cache-Control field line of {@code headers}. */
  static CacheControl of(Headers headers) {
    List<String> lines = headers.all("Cache-Control");
    if (lines.isEmpty()) return NONE;
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : lines) parse(line, out);
    return new CacheControl(out);
  }

  static CacheControl parse(String value) {
    Map<String, String> out = new LinkedHashMap<>();
    parse(value, out);
    return new CacheControl(out);
  }

  private static void parse(String s, Map<String, String> out) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && (s.charAt(i) == ',' || s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
      int start = i;
      while (i < n && s.charAt(i) != '=' && s.charAt(i) != ',') i++;
      String name = s.substring(start, i).trim().toLowerCase(Locale.ROOT);
      String arg = null;
      if (i < n && s.charAt(i) == '=') {
        i++;
        while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
        if (i < n && s.charAt(i) == '"') {
          StringBuilder sb = new StringBuilder();
          i++;
          while (i < n && s.charAt(i) != '"') {
            if (s.charAt(i) == '\\' && i + 1 < n) i++;
            sb.append(s.charAt(i++));
          }
          i++;
          arg = sb.toString();
          while (i < n && s.charAt(i) != ',') i++;
        } else {
          int a = i;
          while (i < n && s.charAt(i) != ',') i++;
          arg = s.substring(a, i).trim();
        }
      }
      if (!name.isEmpty() && !out.containsKey(name)) out.put(name, arg == null ? "" : arg);
    }
  }

  boolean has(String name) {
    return directives.containsKey(name);
  }

  /**
   * The delta-seconds argument of {@code name}: -2 when absent, {@link #INVALID} when malformed,
   * otherwise the value capped at {@link #MAX_DELTA}.
   */
  long seconds(String name) {
    String v = directives.get(name);
    if (v == null) return -2;
    if (v.isEmpty()) return INVALID;
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') return INVALID;
      n = n * 10 + (c - '0');
      if (n > MAX_DELTA) n = MAX_DELTA;
    }
    return n;
  }

  /** The field names of a qualified directive ({@code no-cache="Set-Cookie, X"}), lower case. */
  List<String> fieldNames(String name) {
    String v = directives.get(name);
    List<String> out = new ArrayList<>();
    if (v == null || v.isEmpty()) return out;
    for (String f : v.split(",")) {
      String t = f.trim();
      if (!t.isEmpty()) out.add(t.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** True if the directive is present without an argument (an unqualified no-cache or private). */
  boolean unqualified(String name) {
    String v = directives.get(name);
    return v != null && v.isEmpty();
  }
}
