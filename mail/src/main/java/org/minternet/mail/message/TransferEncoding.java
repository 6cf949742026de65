package org.minternet.mail.message;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Locale;

/**
 * Content-Transfer-Encoding (RFC 2045 §6): base64 and quoted-printable both ways; 7bit, 8bit and
 * binary are identity. Decoders are lenient as §6.7 and §6.8 advise (characters outside the
 * alphabet ignored, soft line breaks with trailing white space, a lone '=' kept).
 */
public final class TransferEncoding {
  /** Encoded line length for base64 and quoted-printable (RFC 2045 §6.7 rule 5, §6.8). */
  static final int LINE = 76;

  private TransferEncoding() {}

  public static byte[] decode(String encoding, byte[] data) {
    String e = encoding == null ? "7bit" : encoding.trim().toLowerCase(Locale.ROOT);
    return switch (e) {
      case "base64" -> Base64.getMimeDecoder().decode(stripBase64(data));
      case "quoted-printable" -> decodeQuotedPrintable(data);
      default -> data;
    };
  }

  private static byte[] stripBase64(byte[] data) {
    // Keep only the alphabet; stop at padding so that trailing junk cannot shift bits.
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
    for (byte b : data) {
      if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/') {
        out.write(b);
      }
    }
    int rem = out.size() % 4;
    if (rem == 1) {
      byte[] a = out.toByteArray();
      return java.util.Arrays.copyOf(a, a.length - 1);
    }
    return out.toByteArray();
  }

  public static byte[] encodeBase64(byte[] data) {
    return Base64.getMimeEncoder(LINE, new byte[] {'\r', '\n'}).encode(data);
  }

  public static byte[] decodeQuotedPrintable(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
    int i = 0;
    while (i < data.length) {
      byte b = data[i];
      if (b == '=') {
        int j = i + 1;
        while (j < data.length && (data[j] == ' ' || data[j] == '\t')) j++;
        if (j < data.length && (data[j] == '\r' || data[j] == '\n')) { // soft line break
          if (data[j] == '\r' && j + 1 < data.length && data[j + 1] == '\n') j++;
          i = j + 1;
          continue;
        }
        if (j == data.length) {
          i = j;
          continue;
        }
        if (i + 2 < data.length) {
          int hi = Character.digit(data[i + 1], 16);
          int lo = Character.digit(data[i + 2], 16);
          if (hi >= 0 && lo >= 0) {
            out.write(hi * 16 + lo);
            i += 3;
            continue;
          }
        }
        out.write('=');
        i++;
      } else if (b == ' ' || b == '\t') {
        // transport may add trailing white space: drop it before a line end (§6.7 rule 3)
        int j = i;
        while (j < data.length && (data[j] == ' ' || data[j] == '\t')) j++;
        if (j == data.length || data[j] == '\r' || data[j] == '\n') {
          i = j;
        } else {
          out.write(data, i, j - i);
          i = j;
        }
      } else {
        out.write(b);
        i++;
      }
    }
    return out.toByteArray();
  }

  /**
   * Encodes as quoted-printable with CRLF line ends; line breaks in the input (CRLF or LF) are kept
   * as hard breaks, as text parts need.
   */
  public static byte[] encodeQuotedPrintable(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + data.length / 8);
    int col = 0;
    for (int i = 0; i < data.length; i++) {
      int c = data[i] & 0xff;
      if (c == '\r' && i + 1 < data.length && data[i + 1] == '\n') continue;
      if (c == '\n') {
        out.write('\r');
        out.write('\n');
        col = 0;
        continue;
      }
      boolean lineEndNext = i + 1 == data.length || data[i + 1] == '\n'
          || (data[i + 1] == '\r' && i + 2 < data.length && data[i + 2] == '\n');
      boolean literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !lineEndNext);
      // a '.' at the start of a line is escaped so that no SMTP hop needs to dot-stuff it
      if (c == '.' && col == 0) literal = false;
      int width = literal ? 1 : 3;
      if (col + width > LINE - 1) {
        out.write('=');
        out.write('\r');
        out.write('\n');
        col = 0;
      }
      if (literal) {
        out.write(c);
      } else {
        out.write('=');
        out.write(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.write(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
      col += width;
    }
    return out.toByteArray();
  }
}
