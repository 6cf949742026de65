package org.minternet.mail.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 2047 encoded words ({@code =?charset?B?...?=} and {@code =?charset?Q?...?=}) in header text.
 *
 * <p>Decoding is lenient in what it accepts (unknown charsets and malformed words are left as
 * written, RFC 2047 §6.3) and drops the white space between two adjacent encoded words (§6.2).
 * Encoding writes UTF-8 B words of at most 75 characters (§2), never splitting a character.
 */
public final class EncodedWords {
  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
  /** Longest encoded word (RFC 2047 §2). */
  static final int MAX_WORD = 75;

  private EncodedWords() {}

  public static String decode(String text) {
    if (text.indexOf("=?") < 0) return text;
    StringBuilder out = new StringBuilder();
    Matcher m = WORD.matcher(text);
    int last = 0;
    boolean previousWasWord = false;
    while (m.find()) {
      String between = text.substring(last, m.start());
      String decoded = decodeWord(m.group(1), m.group(2), m.group(3));
      if (decoded == null) {
        out.append(between).append(m.group());
        previousWasWord = false;
      } else {
        if (!(previousWasWord && between.isBlank())) out.append(between);
        out.append(decoded);
        previousWasWord = true;
      }
      last = m.end();
    }
    out.append(text.substring(last));
    return out.toString();
  }

  private static String decodeWord(String charsetName, String encoding, String text) {
    int star = charsetName.indexOf('*'); // RFC 2231 §5 language suffix
    if (star >= 0) charsetName = charsetName.substring(0, star);
    Charset cs;
    try {
      cs = Charset.forName(charsetName);
    } catch (IllegalArgumentException e) {
      return null;
    }
    try {
      byte[] bytes = encoding.equalsIgnoreCase("B") ? Base64.getDecoder().decode(pad(text)) : decodeQ(text);
      return new String(bytes, cs);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String pad(String b64) {
    int rem = b64.length() % 4;
    return rem == 0 ? b64 : b64 + "===".substring(0, 4 - rem);
  }

  private static byte[] decodeQ(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '_') {
        out.write(' ');
      } else if (ch == '=' && i + 2 < text.length()) {
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) throw new IllegalArgumentException("bad Q escape");
        out.write(hi * 16 + lo);
        i += 2;
      } else if (ch == '=') {
        throw new IllegalArgumentException("truncated Q escape");
      } else {
        out.write(ch);
      }
    }
    return out.toByteArray();
  }

  /** Whether the text can go into a header as is (printable ASCII and space). */
  public static boolean isPlainAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch < 32 || ch > 126) return false;
    }
    return !text.contains("=?");
  }

  /**
   * Encodes header text: returned unchanged when it is plain ASCII, otherwise as UTF-8 B encoded
   * words separated by CRLF SP (a fold), each at most 75 characters.
   */
  public static String encode(String text) {
    if (isPlainAscii(text)) return text;
    String prefix = "=?UTF-8?B?";
    int maxBytes = (MAX_WORD - prefix.length() - 2) / 4 * 3;
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int end = i;
      int bytes = 0;
      while (end < text.length()) {
        int cp = text.codePointAt(end);
        int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
        if (bytes + len > maxBytes) break;
        bytes += len;
        end += Character.charCount(cp);
      }
      if (out.length() > 0) out.append("\r\n ");
      out.append(prefix).append(Base64.getEncoder().encodeToString(
          text.substring(i, end).getBytes(StandardCharsets.UTF_8))).append("?=");
      i = end;
    }
    return out.toString();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
