package org.minternet.mail.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Writes an RFC 5322 message with a MIME body (RFC 2045-2049): a text/plain body, and with
 * attachments a multipart/mixed whose first part is the text. Header text outside ASCII is
 * written as RFC 2047 words, file names as RFC 2231 parameters; the text is 7bit when it can be
 * and quoted-printable otherwise; attachments are base64. Lines end in CRLF; Bcc is never written.
 */
public final class MessageComposer {
  /** One attachment: its file name, media type and bytes. */
  public record Attachment(String filename, ContentType type, byte[] data) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  /** Longest line of a 7bit body (RFC 5322 §2.1.1). */
  static final int MAX_LINE = 998;

  private Address.Mailbox from;
  private final List<Address.Mailbox> to = new ArrayList<>();
  private final List<Address.Mailbox> cc = new ArrayList<>();
  private String subject = "";
  private ZonedDateTime date = ZonedDateTime.now();
  private String messageId;
  private String text = "";
  private final List<Attachment> attachments = new ArrayList<>();
  private final List<HeaderField> extra = new ArrayList<>();

  public MessageComposer from(Address.Mailbox from) {
    this.from = from;
    return this;
  }

  public MessageComposer to(Address.Mailbox mailbox) {
    to.add(mailbox);
    return this;
  }

  public MessageComposer cc(Address.Mailbox mailbox) {
    cc.add(mailbox);
    return this;
  }

  public MessageComposer subject(String subject) {
    this.subject = Objects.requireNonNull(subject);
    return this;
  }

  public MessageComposer date(ZonedDateTime date) {
    this.date = date;
    return this;
  }

  /** The Message-ID without angle brackets; generated from the sender's domain if not set. */
  public MessageComposer messageId(String id) {
    this.messageId = id;
    return this;
  }

  public MessageComposer text(String text) {
    this.text = Objects.requireNonNull(text);
    return this;
  }

  public MessageComposer attach(Attachment attachment) {
    attachments.add(attachment);
    return this;
  }

  /** Adds a header field written as given (the value must already be valid header text). */
  public MessageComposer header(String name, String value) {
    extra.add(new HeaderField(name, value));
    return this;
  }

  public byte[] build() {
    if (from == null) throw new IllegalStateException("From is required (RFC 5322 §3.6)");
    StringBuilder h = new StringBuilder();
    field(h, "Date", MailDates.format(date));
    field(h, "From", from.format());
    if (!to.isEmpty()) field(h, "To", list(to));
    if (!cc.isEmpty()) field(h, "Cc", list(cc));
    field(h, "Subject", EncodedWords.encode(subject));
    String domain = from.address().substring(from.address().lastIndexOf('@') + 1);
    field(h, "Message-ID", "<" + (messageId != null ? messageId : newMessageId(domain)) + ">");
    for (HeaderField f : extra) field(h, f.name(), f.rawValue());
    field(h, "MIME-Version", "1.0");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (attachments.isEmpty()) {
      textPart(h);
      write(out, h.toString());
      write(out, "\r\n");
      out.writeBytes(textBody());
    } else {
      String boundary = "=_mi_" + HexFormat.of().formatHex(randomBytes(12));
      field(h, "Content-Type", ContentType.of("multipart", "mixed").with("boundary", boundary).format());
      write(out, h.toString());
      write(out, "\r\nThis is a multi-part message in MIME format.\r\n");
      StringBuilder ph = new StringBuilder();
      textPart(ph);
      write(out, "\r\n--" + boundary + "\r\n" + ph + "\r\n");
      out.writeBytes(textBody());
      for (Attachment a : attachments) {
        StringBuilder ah = new StringBuilder();
        field(ah, "Content-Type", a.type().with("name", a.filename()).format());
        field(ah, "Content-Disposition", new ContentType("attachment", "", java.util.Map.of("filename",
            a.filename())).format());
        field(ah, "Content-Transfer-Encoding", "base64");
        write(out, "\r\n--" + boundary + "\r\n" + ah + "\r\n");
        out.writeBytes(TransferEncoding.encodeBase64(a.data()));
      }
      write(out, "\r\n--" + boundary + "--\r\n");
    }
    return out.toByteArray();
  }

  private boolean textNeedsEncoding() {
    int col = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 126 || (c < 32 && c != '\n' && c != '\r' && c != '\t')) return true;
      if (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) return true;
      col = c == '\n' ? 0 : col + 1;
      if (col > MAX_LINE) return true;
    }
    return false;
  }

  private void textPart(StringBuilder h) {
    boolean qp = textNeedsEncoding();
    field(h, "Content-Type", ContentType.of("text", "plain").with("charset", qp ? "utf-8" : "us-ascii").format());
    field(h, "Content-Transfer-Encoding", qp ? "quoted-printable" : "7bit");
  }

  private byte[] textBody() {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    if (textNeedsEncoding()) {
      byte[] qp = TransferEncoding.encodeQuotedPrintable(utf8);
      return endWithCrlf(qp);
    }
    String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
    return endWithCrlf(crlf.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] endWithCrlf(byte[] b) {
    if (b.length >= 2 && b[b.length - 2] == '\r' && b[b.length - 1] == '\n') return b;
    byte[] out = java.util.Arrays.copyOf(b, b.length + 2);
    out[b.length] = '\r';
    out[b.length + 1] = '\n';
    return out;
  }

  private static String list(List<Address.Mailbox> boxes) {
    StringBuilder sb = new StringBuilder();
    for (Address.Mailbox m : boxes) {
      if (!sb.isEmpty()) sb.append(",\r\n ");
      sb.append(m.format());
    }
    return sb.toString();
  }

  private static void field(StringBuilder h, String name, String value) {
    h.append(name).append(": ").append(value).append("\r\n");
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** A new globally unique Message-ID right side at {@code domain} (RFC 5322 §3.6.4). */
  public static String newMessageId(String domain) {
    return System.currentTimeMillis() + "." + HexFormat.of().formatHex(randomBytes(8)) + "@" + domain;
  }
}
