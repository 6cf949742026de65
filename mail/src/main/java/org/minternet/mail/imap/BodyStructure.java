package org.minternet.mail.imap;

import java.util.Map;
import org.minternet.mail.message.ContentType;
import org.minternet.mail.message.MessageFormatException;
import org.minternet.mail.message.MimePart;

/**
 * BODY and BODYSTRUCTURE (RFC 9051 §7.5.2) from the MIME tree of the message codec: for a
 * multipart the parts then the subtype (and for BODYSTRUCTURE the parameters, disposition,
 * language and location); for a leaf the type, subtype, parameters, id, description, encoding,
 * size in octets, and for text the line count, for message/rfc822 the enclosed envelope, body
 * structure and line count, then the extension data. Nesting is already bounded by the codec.
 */
final class BodyStructure {
  private BodyStructure() {}

  static void write(ImapResponse out, MimePart message, boolean extensible) {
    out.raw(extensible ? "BODYSTRUCTURE" : "BODY");
    part(out, message, extensible);
  }

  static void part(ImapResponse out, MimePart p, boolean ext) {
    ContentType ct = p.contentType();
    out.open();
    if (ct.isMultipart() && !p.children().isEmpty()) {
      for (MimePart child : p.children()) part(out, child, ext);
      out.string(ct.subtype().toUpperCase(java.util.Locale.ROOT));
      if (ext) {
        parameters(out, ct.parameters());
        disposition(out, p);
        language(out, p);
        out.nstring(p.header().get("Content-Location"));
      }
      out.close();
      return;
    }
    if (ct.isMultipart()) ct = ContentType.DEFAULT; // multipart without parts: treat as text
    out.string(ct.type().toUpperCase(java.util.Locale.ROOT));
    out.string(ct.subtype().isEmpty() ? "PLAIN" : ct.subtype().toUpperCase(java.util.Locale.ROOT));
    java.util.Map<String, String> params = ct.parameters();
    if (ct.type().equals("text") && ct.parameter("charset") == null) {
      // RFC 2045 §5.2: text without a charset is US-ASCII; say so, as clients expect
      params = new java.util.LinkedHashMap<>(params);
      params.put("charset", "us-ascii");
    }
    parameters(out, params);
    out.nstring(p.header().get("Content-ID"));
    out.nstring(p.header().get("Content-Description"));
    String cte = p.header().get("Content-Transfer-Encoding");
    out.string(cte == null ? "7BIT" : cte.toUpperCase(java.util.Locale.ROOT));
    out.number(p.bodyEnd() - p.bodyStart());
    boolean rfc822 = ct.mimeType().equals("message/rfc822") || ct.mimeType().equals("message/global");
    if (rfc822 && !p.children().isEmpty()) {
      MimePart inner = p.children().get(0);
      Envelope.list(out, inner.header());
      part(out, inner, ext);
      out.number(lines(p));
    } else if (ct.type().equals("text")) {
      out.number(lines(p));
    }
    if (ext) {
      out.nstring(p.header().get("Content-MD5"));
      disposition(out, p);
      language(out, p);
      out.nstring(p.header().get("Content-Location"));
    }
    out.close();
  }

  static void parameters(ImapResponse out, Map<String, String> params) {
    if (params.isEmpty()) {
      out.nil();
      return;
    }
    out.open();
    for (Map.Entry<String, String> e : params.entrySet()) {
      out.string(e.getKey().toUpperCase(java.util.Locale.ROOT)).string(e.getValue());
    }
    out.close();
  }

  private static void disposition(ImapResponse out, MimePart p) {
    String d = p.header().get("Content-Disposition");
    if (d == null) {
      out.nil();
      return;
    }
    try {
      ContentType cd = ContentType.parseDisposition(d);
      out.open().string(cd.type().toUpperCase(java.util.Locale.ROOT));
      parameters(out, cd.parameters());
      out.close();
    } catch (MessageFormatException e) {
      out.nil();
    }
  }

  private static void language(ImapResponse out, MimePart p) {
    String l = p.header().get("Content-Language");
    if (l == null) {
      out.nil();
      return;
    }
    String[] tags = l.split("\\s*,\\s*");
    if (tags.length == 1) {
      out.string(tags[0].trim());
      return;
    }
    out.open();
    for (String t : tags) out.string(t.trim());
    out.close();
  }

  /** Lines in the body (RFC 9051: size in text lines of the encoded body). */
  static long lines(MimePart p) {
    byte[] src = p.source();
    long n = 0;
    for (int i = p.bodyStart(); i < p.bodyEnd(); i++) if (src[i] == '\n') n++;
    if (p.bodyEnd() > p.bodyStart() && src[p.bodyEnd() - 1] != '\n') n++;
    return n;
  }
}
