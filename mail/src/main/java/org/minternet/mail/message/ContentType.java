package org.minternet.mail.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A MIME media type with parameters (RFC 2045 §5.1), also used for Content-Disposition (RFC 2183)
 * whose value is a single token. Parameter values are decoded per RFC 2231 (continuations
 * {@code name*0}, {@code name*1}, charset/language {@code name*=utf-8'en'%E2%82%AC}) and RFC 2047
 * words in quoted values (what common user agents send). Names are lower case.
 */
public record ContentType(String type, String subtype, Map<String, String> parameters) {
  public static final ContentType DEFAULT = new ContentType("text", "plain", Map.of("charset", "us-ascii"));
  /** Most parameters and continuation sections accepted. */
  static final int MAX_PARAMETERS = 100;

  public ContentType {
    type = type.toLowerCase(Locale.ROOT);
    subtype = subtype.toLowerCase(Locale.ROOT);
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  public static ContentType of(String type, String subtype) {
    return new ContentType(type, subtype, Map.of());
  }

  public String mimeType() {
    return subtype.isEmpty() ? type : type + "/" + subtype;
  }

  public boolean isMultipart() {
    return type.equals("multipart");
  }

  public String parameter(String name) {
    return parameters.get(name.toLowerCase(Locale.ROOT));
  }

  public ContentType with(String name, String value) {
    Map<String, String> p = new LinkedHashMap<>(parameters);
    p.put(name.toLowerCase(Locale.ROOT), value);
    return new ContentType(type, subtype, p);
  }

  /** Parses {@code type/subtype; params}. */
  public static ContentType parse(String value) {
    Tokens t = new Tokens(value);
    String type = t.token();
    String subtype = "";
    if (t.peek() == '/') {
      t.pos++;
      subtype = t.token();
      if (subtype.isEmpty()) throw new MessageFormatException("missing subtype");
    }
    if (type.isEmpty()) throw new MessageFormatException("missing type");
    return new ContentType(type, subtype, parseParameters(t));
  }

  /** Parses a disposition such as {@code attachment; filename="a.txt"} (subtype empty). */
  public static ContentType parseDisposition(String value) {
    Tokens t = new Tokens(value);
    String type = t.token();
    if (type.isEmpty()) throw new MessageFormatException("missing disposition type");
    return new ContentType(type, "", parseParameters(t));
  }

  private static Map<String, String> parseParameters(Tokens t) {
    Map<String, String> plain = new LinkedHashMap<>();
    Map<String, TreeMap<Integer, String[]>> sections = new LinkedHashMap<>();
    int count = 0;
    while (true) {
      t.skipSpace();
      if (t.peek() != ';') break;
      t.pos++;
      t.skipSpace();
      String name = t.token().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) continue; // tolerate ";;" and a trailing ';'
      t.skipSpace();
      if (t.peek() != '=') throw new MessageFormatException("parameter without value: " + name);
      t.pos++;
      t.skipSpace();
      boolean quoted = t.peek() == '"';
      String value = quoted ? t.quoted() : t.token();
      if (++count > MAX_PARAMETERS) throw new MessageFormatException("too many parameters");
      int star = name.indexOf('*');
      if (star < 0) {
        plain.putIfAbsent(name, quoted ? EncodedWords.decode(value) : value);
        continue;
      }
      String base = name.substring(0, star);
      String rest = name.substring(star + 1);
      boolean encoded = rest.endsWith("*") || rest.isEmpty();
      String number = rest.endsWith("*") ? rest.substring(0, rest.length() - 1) : rest;
      int index;
      try {
        index = number.isEmpty() ? 0 : Integer.parseInt(number);
      } catch (NumberFormatException e) {
        throw new MessageFormatException("bad parameter section: " + name);
      }
      if (index < 0 || index >= MAX_PARAMETERS) throw new MessageFormatException("bad parameter section");
      sections.computeIfAbsent(base, k -> new TreeMap<>()).put(index, new String[] {value, encoded ? "*" : ""});
    }
    t.skipSpace();
    if (!t.atEnd()) throw new MessageFormatException("junk after parameters");
    Map<String, String> out = new LinkedHashMap<>(plain);
    for (Map.Entry<String, TreeMap<Integer, String[]>> e : sections.entrySet()) {
      out.put(e.getKey(), joinSections(e.getValue()));
    }
    return out;
  }

  /** RFC 2231 §3-§4: sections in order; the first encoded one names the charset. */
  private static String joinSections(TreeMap<Integer, String[]> parts) {
    Charset charset = StandardCharsets.US_ASCII;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringBuilder out = new StringBuilder();
    int expected = 0;
    for (Map.Entry<Integer, String[]> p : parts.entrySet()) {
      if (p.getKey() != expected++) break; // a gap ends the value (§3)
      String v = p.getValue()[0];
      boolean enc = !p.getValue()[1].isEmpty();
      if (enc && p.getKey() == 0) {
        int q1 = v.indexOf('\'');
        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
        if (q2 < 0) throw new MessageFormatException("RFC 2231 value without charset");
        String cs = v.substring(0, q1);
        try {
          charset = cs.isEmpty() ? StandardCharsets.US_ASCII : Charset.forName(cs);
        } catch (IllegalArgumentException ex) {
          charset = StandardCharsets.UTF_8;
        }
        v = v.substring(q2 + 1);
      }
      if (enc) {
        percentDecode(v, bytes);
      } else {
        flush(bytes, charset, out);
        out.append(v);
      }
    }
    flush(bytes, charset, out);
    return out.toString();
  }

  private static void flush(ByteArrayOutputStream bytes, Charset cs, StringBuilder out) {
    if (bytes.size() == 0) return;
    out.append(new String(bytes.toByteArray(), cs));
    bytes.reset();
  }

  private static void percentDecode(String v, ByteArrayOutputStream out) {
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (ch == '%' && i + 2 < v.length()) {
        int hi = Character.digit(v.charAt(i + 1), 16);
        int lo = Character.digit(v.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) throw new MessageFormatException("bad percent escape");
        out.write(hi * 16 + lo);
        i += 2;
      } else if (ch == '%') {
        throw new MessageFormatException("truncated percent escape");
      } else {
        byte[] b = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
  }

  /**
   * Writes the type with its parameters; values that are not tokens are quoted, and non-ASCII
   * values are written in RFC 2231 form {@code name*=utf-8''...}.
   */
  public String format() {
    StringBuilder sb = new StringBuilder(mimeType());
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      sb.append(";\r\n ");
      String v = p.getValue();
      if (!EncodedWords.isPlainAscii(v) && !isAscii(v)) {
        sb.append(p.getKey()).append("*=utf-8''");
        for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
          int c = b & 0xff;
          if (c < 128 && isTokenChar((char) c) && c != '%' && c != '\'' && c != '*') sb.append((char) c);
          else sb.append('%').append(String.format("%02X", c));
        }
      } else if (isToken(v)) {
        sb.append(p.getKey()).append('=').append(v);
      } else {
        sb.append(p.getKey()).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return sb.toString();
  }

  private static boolean isAscii(String v) {
    for (int i = 0; i < v.length(); i++) if (v.charAt(i) > 126 || v.charAt(i) < 32) return false;
    return true;
  }

  static boolean isToken(String v) {
    if (v.isEmpty()) return false;
    for (int i = 0; i < v.length(); i++) if (!isTokenChar(v.charAt(i))) return false;
    return true;
  }

  static boolean isTokenChar(char c) {
    return c > 32 && c < 127 && "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
  }

  /** A cursor over a structured header value, skipping comments (RFC 5322 §3.2.2). */
  private static final class Tokens {
    final String s;
    int pos;

    Tokens(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    char peek() {
      skipSpace();
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    void skipSpace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
          pos++;
        } else if (c == '(') {
          int depth = 0;
          while (pos < s.length()) {
            char d = s.charAt(pos++);
            if (d == '\\') pos++;
            else if (d == '(') depth++;
            else if (d == ')' && --depth == 0) break;
          }
        } else {
          break;
        }
      }
    }

    String token() {
      skipSpace();
      int start = pos;
      while (pos < s.length() && (isTokenChar(s.charAt(pos)) || s.charAt(pos) > 127)) pos++;
      return s.substring(start, pos);
    }

    String quoted() {
      pos++; // opening quote
      StringBuilder sb = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') return sb.toString();
        if (c == '\\' && pos < s.length()) c = s.charAt(pos++);
        if (c != '\r' && c != '\n') sb.append(c);
      }
      throw new MessageFormatException("unterminated quoted string");
    }
  }
}
