package org.minternet.mail.imap;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Mailbox names in modified UTF-7 (RFC 3501 §5.1.3), used with clients that have not enabled
 * {@code UTF8=ACCEPT}: printable ASCII stands for itself except {@code &}, written {@code &-};
 * other characters are UTF-16 in modified base64 ({@code ,} for {@code /}) between {@code &} and
 * {@code -}. Decoding is strict: a malformed name is refused, never guessed.
 */
final class ModifiedUtf7 {
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private ModifiedUtf7() {}

  static String encode(String name) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c >= 0x20 && c <= 0x7e) {
        out.append(c == '&' ? "&-" : String.valueOf(c));
        i++;
        continue;
      }
      int j = i;
      while (j < name.length() && (name.charAt(j) < 0x20 || name.charAt(j) > 0x7e)) j++;
      byte[] utf16 = name.substring(i, j).getBytes(StandardCharsets.UTF_16BE);
      out.append('&').append(ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
      i = j;
    }
    return out.toString();
  }

  /** Decodes a name; throws {@link IllegalArgumentException} if it is not valid modified UTF-7. */
  static String decode(String name) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c > 0x7e || c < 0x20) throw new IllegalArgumentException("8-bit or control character");
      if (c != '&') {
        out.append(c);
        i++;
        continue;
      }
      int end = name.indexOf('-', i + 1);
      if (end < 0) throw new IllegalArgumentException("unterminated &");
      if (end == i + 1) {
        out.append('&');
        i = end + 1;
        continue;
      }
      String b64 = name.substring(i + 1, end);
      for (int k = 0; k < b64.length(); k++) {
        char b = b64.charAt(k);
        if (!(Character.isLetterOrDigit(b) && b < 0x80) && b != '+' && b != ',') {
          throw new IllegalArgumentException("bad base64");
        }
      }
      byte[] bytes;
      try {
        bytes = DECODER.decode(pad(b64.replace(',', '/')));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad base64");
      }
      if (bytes.length == 0 || bytes.length % 2 != 0) throw new IllegalArgumentException("odd UTF-16");
      String decoded = new String(bytes, StandardCharsets.UTF_16BE);
      for (int k = 0; k < decoded.length(); k++) {
        char d = decoded.charAt(k);
        if (d >= 0x20 && d <= 0x7e) throw new IllegalArgumentException("printable ASCII encoded");
        if (Character.isHighSurrogate(d) && (k + 1 >= decoded.length()
            || !Character.isLowSurrogate(decoded.charAt(k + 1)))) {
          throw new IllegalArgumentException("broken surrogate");
        }
        if (Character.isLowSurrogate(d) && (k == 0 || !Character.isHighSurrogate(decoded.charAt(k - 1)))) {
          throw new IllegalArgumentException("broken surrogate");
        }
      }
      if (!encode(decoded).equals("&" + b64 + "-")) throw new IllegalArgumentException("not canonical");
      out.append(decoded);
      i = end + 1;
    }
    return out.toString();
  }

  private static String pad(String s) {
    return s + "==".substring(0, (4 - s.length() % 4) % 4 == 3 ? 2 : (4 - s.length() % 4) % 4);
  }
}
