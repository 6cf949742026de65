package org.minternet.dns.wire;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * The RDATA fields of one record in presentation format, already split into tokens by the zone
 * file reader (or by {@link #split}). Quoted tokens keep their escapes; {@link #characterString}
 * decodes them.
 */
public final class TextInput {
  /** One token; {@code quoted} when it was written between double quotes. */
  public record Token(String text, boolean quoted) {}

  private final List<Token> tokens;
  private final Name origin;
  private int next;

  public TextInput(List<Token> tokens, Name origin) {
    this.tokens = tokens;
    this.origin = origin;
  }

  /** Splits one line of RDATA on blanks, honouring quotes (for programmatic use and tests). */
  public static TextInput split(String text, Name origin) throws WireFormatException {
    List<Token> out = new java.util.ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      StringBuilder sb = new StringBuilder();
      if (c == '"') {
        i++;
        while (true) {
          if (i >= text.length()) throw new WireFormatException("unterminated quoted string");
          char d = text.charAt(i);
          if (d == '\\' && i + 1 < text.length()) {
            sb.append(d).append(text.charAt(i + 1));
            i += 2;
            continue;
          }
          i++;
          if (d == '"') break;
          sb.append(d);
        }
        out.add(new Token(sb.toString(), true));
      } else {
        while (i < text.length() && text.charAt(i) != ' ' && text.charAt(i) != '\t') {
          char d = text.charAt(i);
          if (d == '\\' && i + 1 < text.length()) {
            sb.append(d);
            i++;
            d = text.charAt(i);
          }
          sb.append(d);
          i++;
        }
        out.add(new Token(sb.toString(), false));
      }
    }
    return new TextInput(out, origin);
  }

  public Name origin() {
    return origin;
  }

  /** The next token's text without consuming it. */
  public String peek() {
    return next < tokens.size() ? tokens.get(next).text() : "";
  }

  public boolean hasMore() {
    return next < tokens.size();
  }

  public int remaining() {
    return tokens.size() - next;
  }

  public String token(String what) throws WireFormatException {
    if (next >= tokens.size()) throw new WireFormatException("missing " + what);
    return tokens.get(next++).text();
  }

  public Token rawToken(String what) throws WireFormatException {
    if (next >= tokens.size()) throw new WireFormatException("missing " + what);
    return tokens.get(next++);
  }

  public Name name(String what) throws WireFormatException {
    return Name.parse(token(what), origin);
  }

  public long number(String what, long max) throws WireFormatException {
    String t = token(what);
    try {
      long v = Long.parseLong(t);
      if (v < 0 || v > max) throw new WireFormatException(what + " out of range: " + t);
      return v;
    } catch (NumberFormatException e) {
      throw new WireFormatException("bad " + what + ": " + t);
    }
  }

  public int u8(String what) throws WireFormatException {
    return (int) number(what, 0xff);
  }

  public int u16(String what) throws WireFormatException {
    return (int) number(what, 0xffff);
  }

  /** A TTL-like 32-bit number, also in BIND's unit form ({@code 1h30m}, {@code 2d}). */
  public long ttl(String what) throws WireFormatException {
    return parseTtl(token(what), what);
  }

  public static long parseTtl(String t, String what) throws WireFormatException {
    long total = 0;
    long cur = -1;
    boolean units = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        cur = (cur < 0 ? 0 : cur) * 10 + (c - '0');
        if (cur > 0xFFFFFFFFL) throw new WireFormatException(what + " out of range: " + t);
        continue;
      }
      long mult = switch (Character.toLowerCase(c)) {
        case 's' -> 1;
        case 'm' -> 60;
        case 'h' -> 3600;
        case 'd' -> 86400;
        case 'w' -> 604800;
        default -> -1;
      };
      if (mult < 0 || cur < 0) throw new WireFormatException("bad " + what + ": " + t);
      total += cur * mult;
      cur = -1;
      units = true;
    }
    if (cur >= 0) {
      if (units && cur > 0) throw new WireFormatException("bad " + what + ": " + t);
      total += cur;
    } else if (!units) {
      throw new WireFormatException("bad " + what + ": " + t);
    }
    if (total > 0xFFFFFFFFL) throw new WireFormatException(what + " out of range: " + t);
    return total;
  }

  /** A {@code <character-string>} (RFC 1035 §5.1) decoded from its escapes; at most 255 octets. */
  public byte[] characterString(String what) throws WireFormatException {
    byte[] b = unescape(token(what));
    if (b.length > 255) throw new WireFormatException(what + " longer than 255 octets");
    return b;
  }

  /** Decodes {@code \X} and {@code \DDD} escapes into octets (UTF-8 for other characters). */
  public static byte[] unescape(String s) throws WireFormatException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        if (i + 1 >= s.length()) throw new WireFormatException("dangling escape");
        char d = s.charAt(i + 1);
        if (Character.isDigit(d)) {
          String digits = s.substring(i + 1, Math.min(s.length(), i + 4));
          if (digits.length() != 3 || !digits.chars().allMatch(Character::isDigit)) {
            throw new WireFormatException("bad \\DDD escape");
          }
          int v = Integer.parseInt(digits);
          if (v > 255) throw new WireFormatException("bad \\DDD escape");
          out.write(v);
          i += 3;
        } else {
          out.writeBytes(String.valueOf(d).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          i++;
        }
      } else {
        out.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  /** Presentation of a character-string, quoted, with escapes. */
  public static String quote(byte[] s) {
    StringBuilder sb = new StringBuilder(s.length + 2).append('"');
    for (byte x : s) {
      int b = x & 0xff;
      if (b == '"' || b == '\\') sb.append('\\').append((char) b);
      else if (b < 0x20 || b >= 0x7f) sb.append('\\').append(String.format("%03d", b));
      else sb.append((char) b);
    }
    return sb.append('"').toString();
  }

  /** All remaining tokens joined (hex or base64 data split over several tokens). */
  public String rest() {
    StringBuilder sb = new StringBuilder();
    while (next < tokens.size()) sb.append(tokens.get(next++).text());
    return sb.toString();
  }

  public void end() throws WireFormatException {
    if (next < tokens.size()) {
      throw new WireFormatException("unexpected data: " + tokens.get(next).text());
    }
  }
}
