package org.minternet.mail.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.minternet.mail.message.HeaderField;
import org.minternet.mail.message.MimePart;

/**
 * The bytes of a message section (RFC 9051 §6.4.5 {@code BODY[section]}), taken from the stored
 * message through the codec's MIME tree: part numbers count the parts of a multipart, a
 * non-multipart message has only part 1, and the parts of a message/rfc822 part are those of the
 * message it encloses.
 */
final class Sections {
  private Sections() {}

  /** A resolved part and whether it stands for a whole message (the root or an enclosed one). */
  record Resolved(MimePart part, boolean message) {}

  static Resolved resolve(MimePart root, int[] path) {
    MimePart cur = root;
    boolean message = true;
    for (int n : path) {
      if (!message && isMessage(cur) && !cur.children().isEmpty()) {
        cur = cur.children().get(0);
        message = true;
      }
      if (cur.contentType().isMultipart() && !cur.children().isEmpty()) {
        if (n < 1 || n > cur.children().size()) return null;
        cur = cur.children().get(n - 1);
        message = false;
      } else if (message) {
        if (n != 1) return null;
        message = false;
      } else {
        return null;
      }
    }
    return new Resolved(cur, message);
  }

  static boolean isMessage(MimePart p) {
    String t = p.contentType().mimeType();
    return t.equals("message/rfc822") || t.equals("message/global");
  }

  /** The section's bytes, or null if the message has no such section. */
  static byte[] extract(MimePart root, FetchItem.Section s) {
    Resolved r = resolve(root, s.path());
    if (r == null) return null;
    MimePart p = r.part();
    if (s.text() == null) {
      if (s.path().length == 0) return root.source();
      return Arrays.copyOfRange(p.source(), p.bodyStart(), p.bodyEnd());
    }
    if (s.text().equals("MIME")) return Arrays.copyOfRange(p.source(), p.start(), p.bodyStart());
    MimePart msg = p;
    if (s.path().length > 0) {
      if (!isMessage(p) || p.children().isEmpty()) return null;
      msg = p.children().get(0);
    }
    return switch (s.text()) {
      case "HEADER" -> Arrays.copyOfRange(msg.source(), msg.start(), msg.bodyStart());
      case "TEXT" -> Arrays.copyOfRange(msg.source(), msg.bodyStart(), msg.bodyEnd());
      default -> fields(msg, s.fields(), s.text().endsWith(".NOT"));
    };
  }

  private static byte[] fields(MimePart msg, java.util.List<String> names, boolean not) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    java.util.Set<String> wanted = new java.util.HashSet<>();
    for (String n : names) wanted.add(n.toLowerCase(Locale.ROOT));
    for (HeaderField f : msg.header().fields()) {
      if (wanted.contains(f.name().toLowerCase(Locale.ROOT)) == not) continue;
      out.writeBytes((f.name() + ":" + f.rawValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /**
   * The decoded content of a part for BINARY (RFC 3516), or null if the part does not exist.
   *
   * @throws ImapException {@code NO [UNKNOWN-CTE]} for an encoding this server cannot undo
   */
  static byte[] binary(MimePart root, int[] path) throws ImapException {
    if (path.length == 0) return root.source();
    Resolved r = resolve(root, path);
    if (r == null) return null;
    MimePart p = r.part();
    if (p.contentType().isMultipart() && !p.children().isEmpty()) {
      throw ImapException.no("UNKNOWN-CTE", "BINARY of a multipart");
    }
    String cte = p.header().get("Content-Transfer-Encoding");
    String e = cte == null ? "7bit" : cte.trim().toLowerCase(Locale.ROOT);
    return switch (e) {
      case "7bit", "8bit", "binary" -> Arrays.copyOfRange(p.source(), p.bodyStart(), p.bodyEnd());
      case "base64", "quoted-printable" -> p.decodedBody();
      default -> throw ImapException.no("UNKNOWN-CTE", "Unknown Content-Transfer-Encoding");
    };
  }
}
