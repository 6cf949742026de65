package org.minternet.http.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Form bodies: {@code application/x-www-form-urlencoded} (WHATWG URL §5) and {@code
 * multipart/form-data} (RFC 7578). Pure functions over bytes.
 */
public final class FormData {
  private FormData() {}

  /** One part of a multipart form; {@code filename} is null for a plain field. */
  public record Part(String name, String filename, String contentType, byte[] content) {
    public String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  /**
   * Decodes {@code a=1&b=x+y&c=%41}; names and values in order of appearance.
   *
   * @throws HttpException 400 on a malformed percent escape
   */
  public static Map<String, List<String>> urlEncoded(String s) throws HttpException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (s == null || s.isEmpty()) return out;
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  /**
   * Percent-decodes as UTF-8; {@code plus} turns '+' into a space (form encoding only).
   *
   * @throws HttpException 400 on a malformed escape
   */
  public static String decode(String s, boolean plus) throws HttpException {
    if (s.indexOf('%') < 0 && (!plus || s.indexOf('+') < 0)) return s;
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length() || !Syntax.isHexDigit(s.charAt(i + 1))
            || !Syntax.isHexDigit(s.charAt(i + 2))) {
          throw new HttpException(400, "bad percent escape", false);
        }
        out.write(Syntax.hexValue(s.charAt(i + 1)) * 16 + Syntax.hexValue(s.charAt(i + 2)));
        i += 2;
      } else if (c == '+' && plus) {
        out.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The value of a parameter such as {@code boundary} in a media type; null if absent. */
  public static String parameter(String mediaType, String name) {
    if (mediaType == null) return null;
    for (String p : mediaType.split(";")) {
      int eq = p.indexOf('=');
      if (eq < 0) continue;
      if (!p.substring(0, eq).trim().equalsIgnoreCase(name)) continue;
      String v = p.substring(eq + 1).trim();
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
      return v;
    }
    return null;
  }

  /** The media type without parameters, lower case. */
  public static String essence(String mediaType) {
    if (mediaType == null) return "";
    int semi = mediaType.indexOf(';');
    return (semi < 0 ? mediaType : mediaType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Splits a multipart/form-data body (RFC 7578, RFC 2046 §5.1.1) into parts, at most
   * {@code maxParts}.
   *
   * @throws HttpException 400 if the boundary is missing or the body malformed
   */
  public static List<Part> multipart(byte[] body, String boundary, int maxParts)
      throws HttpException {
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      throw new HttpException(400, "bad multipart boundary", false);
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int pos = indexOf(body, delimiter, 0);
    if (pos < 0) throw new HttpException(400, "no multipart delimiter", false);
    pos += delimiter.length;
    while (true) {
      if (pos + 1 < body.length && body[pos] == '-' && body[pos + 1] == '-') return parts;
      pos = skipLineEnd(body, pos);
      byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
      int end = indexOf(body, next, pos);
      if (end < 0) throw new HttpException(400, "unterminated multipart body", false);
      parts.add(part(body, pos, end));
      if (parts.size() > maxParts) throw new HttpException(413, "too many parts", false);
      pos = end + next.length;
    }
  }

  private static int skipLineEnd(byte[] b, int pos) throws HttpException {
    while (pos < b.length && (b[pos] == ' ' || b[pos] == '\t')) pos++;
    if (pos + 1 < b.length && b[pos] == '\r' && b[pos + 1] == '\n') return pos + 2;
    throw new HttpException(400, "bad multipart delimiter line", false);
  }

  private static Part part(byte[] b, int start, int end) throws HttpException {
    int headerEnd = indexOf(b, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
    int contentStart;
    String headerText;
    if (start + 1 < end && b[start] == '\r' && b[start + 1] == '\n') {
      headerText = "";
      contentStart = start + 2;
    } else {
      if (headerEnd < 0 || headerEnd > end) throw new HttpException(400, "bad part headers", false);
      headerText = new String(b, start, headerEnd - start, StandardCharsets.UTF_8);
      contentStart = headerEnd + 4;
    }
    String disposition = null;
    String type = "text/plain";
    for (String line : headerText.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) continue;
      String n = line.substring(0, colon).trim();
      String v = line.substring(colon + 1).trim();
      if (n.equalsIgnoreCase("Content-Disposition")) disposition = v;
      else if (n.equalsIgnoreCase("Content-Type")) type = v;
    }
    if (disposition == null || !essence(disposition).equals("form-data")) {
      throw new HttpException(400, "part without form-data disposition", false);
    }
    String name = parameter(disposition, "name");
    if (name == null) throw new HttpException(400, "part without name", false);
    byte[] content = java.util.Arrays.copyOfRange(b, contentStart, end);
    return new Part(name, parameter(disposition, "filename"), type, content);
  }

  static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
