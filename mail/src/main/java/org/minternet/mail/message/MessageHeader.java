package org.minternet.mail.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The header section of a message or MIME part: fields in order, and where the body starts.
 *
 * <p>Parsing follows RFC 5322 §2.2 and §3.6: a field is a name of printable ASCII other than
 * colon, a colon, and a value that may be folded onto continuation lines starting with a space or
 * tab; the header ends at the first empty line. Field values are decoded as UTF-8 (RFC 6532).
 * Limits: {@link #MAX_FIELDS} fields and {@link #MAX_HEADER_BYTES} bytes.
 *
 * @param bodyOffset the offset of the first body byte in the parsed input (after the empty line)
 */
public record MessageHeader(List<HeaderField> fields, int bodyOffset) {
  public static final int MAX_FIELDS = 1000;
  public static final int MAX_HEADER_BYTES = 1 << 20;

  public MessageHeader {
    fields = List.copyOf(fields);
  }

  /** Parses the header of {@code data[from, to)}. Lines may end in CRLF or bare LF. */
  public static MessageHeader parse(byte[] data, int from, int to) {
    List<HeaderField> fields = new ArrayList<>();
    int pos = from;
    String name = null;
    StringBuilder value = null;
    while (pos < to) {
      if (pos - from > MAX_HEADER_BYTES) throw new MessageFormatException("header too large");
      int eol = pos;
      while (eol < to && data[eol] != '\n') eol++;
      int lineEnd = eol > pos && data[eol - 1] == '\r' ? eol - 1 : eol;
      int next = eol < to ? eol + 1 : to;
      if (lineEnd == pos) {
        if (name != null) fields.add(new HeaderField(name, value.toString()));
        return new MessageHeader(fields, next);
      }
      byte first = data[pos];
      String line = new String(data, pos, lineEnd - pos, StandardCharsets.UTF_8);
      if (first == ' ' || first == '\t') {
        if (name == null) throw new MessageFormatException("continuation line before any field");
        value.append("\r\n").append(line);
      } else {
        int colon = line.indexOf(':');
        if (colon <= 0 || !validName(line, colon)) {
          // RFC 5322 has no place for this line: it must be the start of a body without the blank line.
          if (name != null) fields.add(new HeaderField(name, value.toString()));
          return new MessageHeader(fields, pos);
        }
        if (name != null) fields.add(new HeaderField(name, value.toString()));
        if (fields.size() >= MAX_FIELDS) throw new MessageFormatException("too many header fields");
        name = line.substring(0, colon).trim();
        value = new StringBuilder(line.substring(colon + 1));
      }
      pos = next;
    }
    if (name != null) fields.add(new HeaderField(name, value.toString()));
    return new MessageHeader(fields, to);
  }

  public static MessageHeader parse(byte[] data) {
    return parse(data, 0, data.length);
  }

  private static boolean validName(String line, int colon) {
    String n = line.substring(0, colon).stripTrailing(); // obs-optional allows WSP before the colon
    if (n.isEmpty()) return false;
    for (int i = 0; i < n.length(); i++) {
      char ch = n.charAt(i);
      if (ch < 33 || ch > 126) return false;
    }
    return true;
  }

  /** The first field of that name (case-insensitive). */
  public Optional<HeaderField> first(String name) {
    for (HeaderField f : fields) if (f.is(name)) return Optional.of(f);
    return Optional.empty();
  }

  /** The unfolded value of the first field of that name, or null. */
  public String get(String name) {
    return first(name).map(HeaderField::value).orElse(null);
  }

  public List<HeaderField> all(String name) {
    return fields.stream().filter(f -> f.is(name)).toList();
  }

  /** The content type, defaulting to text/plain; charset=us-ascii (RFC 2045 §5.2). */
  public ContentType contentType() {
    String v = get("Content-Type");
    if (v == null) return ContentType.DEFAULT;
    try {
      return ContentType.parse(v);
    } catch (MessageFormatException e) {
      return ContentType.DEFAULT;
    }
  }
}
