package org.minternet.mail.message;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed message or MIME entity (RFC 2045 §2.4): its header, where its body lies in the source
 * bytes, and its children — the parts of a multipart (RFC 2046 §5.1), or the one enclosed message
 * of a message/rfc822 (§5.2.1) — and its content type: the header's, or message/rfc822 for a part
 * of a multipart/digest that has none (RFC 2046 §5.1.5). The source is shared, never copied, so IMAP can serve
 * {@code BODY[1.2]} as the exact bytes.
 *
 * <p>Limits: nesting deeper than {@link #MAX_DEPTH} and more than {@link #MAX_PARTS} parts are not
 * split further (the rest is kept as an opaque body), so hostile nesting costs bounded work.
 */
public record MimePart(byte[] source, int start, MessageHeader header, int bodyStart, int bodyEnd,
    ContentType contentType, List<MimePart> children) {
  public static final int MAX_DEPTH = 32;
  public static final int MAX_PARTS = 10_000;
  /** The type of a part of a multipart/digest without Content-Type (RFC 2046 §5.1.5). */
  static final ContentType DIGEST_DEFAULT = ContentType.of("message", "rfc822");

  public MimePart {
    children = List.copyOf(children);
  }

  /** An entity whose content type is the one its header gives (text/plain without one). */
  public MimePart(byte[] source, int start, MessageHeader header, int bodyStart, int bodyEnd,
      List<MimePart> children) {
    this(source, start, header, bodyStart, bodyEnd, header.contentType(), children);
  }

  /** Parses a whole message. */
  public static MimePart parse(byte[] message) {
    int[] budget = {MAX_PARTS};
    return parse(message, 0, message.length, 0, budget, false);
  }

  private static MimePart parse(byte[] src, int from, int to, int depth, int[] budget, boolean inDigest) {
    MessageHeader h = MessageHeader.parse(src, from, to);
    int bodyStart = from + (h.bodyOffset() - from);
    ContentType ct = inDigest && h.get("Content-Type") == null ? DIGEST_DEFAULT : h.contentType();
    List<MimePart> children = new ArrayList<>();
    if (depth < MAX_DEPTH && budget[0] > 0) {
      if (ct.isMultipart() && ct.parameter("boundary") != null && !ct.parameter("boundary").isEmpty()) {
        for (int[] range : splitMultipart(src, bodyStart, to, ct.parameter("boundary"))) {
          if (--budget[0] < 0) break;
          children.add(parse(src, range[0], range[1], depth + 1, budget,
              ct.mimeType().equals("multipart/digest")));
        }
      } else if (ct.mimeType().equals("message/rfc822") || ct.mimeType().equals("message/global")) {
        budget[0]--;
        children.add(parse(src, bodyStart, to, depth + 1, budget, false));
      }
    }
    return new MimePart(src, from, h, bodyStart, to, ct, children);
  }

  /** The part ranges between the boundaries (RFC 2046 §5.1.1); preamble and epilogue dropped. */
  static List<int[]> splitMultipart(byte[] src, int from, int to, String boundary) {
    byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<int[]> parts = new ArrayList<>();
    int partStart = -1;
    int lineStart = from;
    while (lineStart < to) {
      int eol = lineStart;
      while (eol < to && src[eol] != '\n') eol++;
      if (startsWith(src, lineStart, eol, delim)) {
        int after = lineStart + delim.length;
        boolean close = after + 1 < to && src[after] == '-' && src[after + 1] == '-';
        int k = close ? after + 2 : after;
        while (k < eol && (src[k] == ' ' || src[k] == '\t' || src[k] == '\r')) k++;
        if (k == eol) {
          if (partStart >= 0) {
            // the line break before the delimiter belongs to the delimiter
            int end = lineStart;
            if (end > partStart && src[end - 1] == '\n') end--;
            if (end > partStart && src[end - 1] == '\r') end--;
            parts.add(new int[] {partStart, Math.max(partStart, end)});
          }
          if (close) return parts;
          partStart = Math.min(eol + 1, to);
        }
      }
      lineStart = eol + 1;
    }
    if (partStart >= 0 && partStart < to) parts.add(new int[] {partStart, to}); // missing close delimiter
    return parts;
  }

  private static boolean startsWith(byte[] src, int from, int to, byte[] prefix) {
    if (to - from < prefix.length) return false;
    for (int i = 0; i < prefix.length; i++) if (src[from + i] != prefix[i]) return false;
    return true;
  }


  /** The raw body bytes (still transfer-encoded). */
  public byte[] rawBody() {
    return Arrays.copyOfRange(source, bodyStart, bodyEnd);
  }

  /** The whole entity, header included, as in the source. */
  public byte[] bytes() {
    return Arrays.copyOfRange(source, start, bodyEnd);
  }

  /** The body with its Content-Transfer-Encoding removed. */
  public byte[] decodedBody() {
    return TransferEncoding.decode(header.get("Content-Transfer-Encoding"), rawBody());
  }

  /** The decoded body as text in the part's charset (UTF-8 if unknown). */
  public String text() {
    Charset cs = StandardCharsets.UTF_8;
    String name = contentType().parameter("charset");
    if (name != null) {
      try {
        cs = Charset.forName(name);
      } catch (IllegalArgumentException e) {
        cs = StandardCharsets.UTF_8;
      }
    }
    return new String(decodedBody(), cs);
  }

  /** The file name from Content-Disposition, else the Content-Type name parameter, or null. */
  public String filename() {
    String d = header.get("Content-Disposition");
    if (d != null) {
      try {
        String f = ContentType.parseDisposition(d).parameter("filename");
        if (f != null) return f;
      } catch (MessageFormatException e) {
        // fall back to the type's name parameter
      }
    }
    return contentType().parameter("name");
  }
}
