package org.minternet.mail.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One FETCH data item (RFC 9051 §6.4.5) parsed from the request: its kind, and for BODY[…],
 * BINARY[…] the section and the partial range.
 *
 * @param partialStart the first octet of a {@code <start.length>} partial, or -1
 */
record FetchItem(Kind kind, Section section, long partialStart, long partialLength, boolean peek) {
  enum Kind {
    FLAGS, INTERNALDATE, RFC822_SIZE, ENVELOPE, BODY, BODYSTRUCTURE, UID, MODSEQ, RFC822, RFC822_HEADER,
    RFC822_TEXT, BODY_SECTION, BINARY, BINARY_SIZE
  }

  /**
   * A section specifier: the part path ({@code 1.2}) and the text part ({@code HEADER},
   * {@code HEADER.FIELDS}, {@code HEADER.FIELDS.NOT}, {@code TEXT}, {@code MIME} or null).
   */
  record Section(int[] path, String text, List<String> fields) {
    String spec() {
      StringBuilder sb = new StringBuilder();
      for (int n : path) sb.append(sb.isEmpty() ? "" : ".").append(n);
      if (text != null) sb.append(sb.isEmpty() ? "" : ".").append(text);
      if (fields != null) {
        sb.append(" (");
        for (int i = 0; i < fields.size(); i++) {
          if (i > 0) sb.append(' ');
          String f = fields.get(i);
          boolean atom = !f.isEmpty() && f.chars().allMatch(ImapRequestReader::isAtomChar);
          sb.append(atom ? f : "\"" + f.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        sb.append(')');
      }
      return sb.toString();
    }
  }

  static final int MAX_ITEMS = 50;
  static final int MAX_FIELDS = 100;

  /** Whether reading this item marks the message \Seen. */
  boolean setsSeen() {
    return !peek && (kind == Kind.BODY_SECTION || kind == Kind.RFC822 || kind == Kind.RFC822_TEXT
        || kind == Kind.BINARY);
  }

  boolean needsContent() {
    return switch (kind) {
      case FLAGS, INTERNALDATE, RFC822_SIZE, UID, MODSEQ -> false;
      default -> true;
    };
  }

  /** {@code fetch-att} or a macro or a parenthesised list. */
  static List<FetchItem> parseList(ImapRequestReader r) throws ImapException, IOException {
    List<FetchItem> items = new ArrayList<>();
    if (r.consume('(')) {
      while (!r.consume(')')) {
        if (!items.isEmpty()) r.sp();
        items.add(parse(r));
        if (items.size() > MAX_ITEMS) throw ImapException.bad("Too many FETCH items");
      }
      if (items.isEmpty()) throw ImapException.bad("Empty FETCH list");
      return items;
    }
    String w = r.word();
    switch (w) {
      case "ALL" -> {
        return List.of(simple(Kind.FLAGS), simple(Kind.INTERNALDATE), simple(Kind.RFC822_SIZE),
            simple(Kind.ENVELOPE));
      }
      case "FAST" -> {
        return List.of(simple(Kind.FLAGS), simple(Kind.INTERNALDATE), simple(Kind.RFC822_SIZE));
      }
      case "FULL" -> {
        return List.of(simple(Kind.FLAGS), simple(Kind.INTERNALDATE), simple(Kind.RFC822_SIZE),
            simple(Kind.ENVELOPE), simple(Kind.BODY));
      }
      default -> {
        return List.of(parse(r, w));
      }
    }
  }

  private static FetchItem simple(Kind k) {
    return new FetchItem(k, null, -1, -1, false);
  }

  static FetchItem parse(ImapRequestReader r) throws ImapException, IOException {
    return parse(r, r.word());
  }

  private static FetchItem parse(ImapRequestReader r, String w) throws ImapException, IOException {
    switch (w) {
      case "FLAGS": return simple(Kind.FLAGS);
      case "INTERNALDATE": return simple(Kind.INTERNALDATE);
      case "RFC822.SIZE": return simple(Kind.RFC822_SIZE);
      case "ENVELOPE": return simple(Kind.ENVELOPE);
      case "BODYSTRUCTURE": return simple(Kind.BODYSTRUCTURE);
      case "UID": return simple(Kind.UID);
      case "MODSEQ": return simple(Kind.MODSEQ);
      case "RFC822": return simple(Kind.RFC822);
      case "RFC822.HEADER": return simple(Kind.RFC822_HEADER);
      case "RFC822.TEXT": return simple(Kind.RFC822_TEXT);
      case "BODY", "BODY.PEEK": {
        if (r.peek() != '[') {
          if (w.equals("BODY.PEEK")) throw ImapException.bad("BODY.PEEK needs a section");
          return simple(Kind.BODY);
        }
        Section sec = section(r, false);
        long[] partial = partial(r);
        return new FetchItem(Kind.BODY_SECTION, sec, partial[0], partial[1], w.equals("BODY.PEEK"));
      }
      case "BINARY", "BINARY.PEEK": {
        Section sec = section(r, true);
        long[] partial = partial(r);
        return new FetchItem(Kind.BINARY, sec, partial[0], partial[1], w.equals("BINARY.PEEK"));
      }
      case "BINARY.SIZE": {
        return new FetchItem(Kind.BINARY_SIZE, section(r, true), -1, -1, true);
      }
      default:
        throw ImapException.bad("Unknown FETCH item");
    }
  }

  private static Section section(ImapRequestReader r, boolean binary) throws ImapException, IOException {
    r.expect('[');
    if (r.consume(']')) return new Section(new int[0], null, null);
    String spec = r.word();
    String[] parts = spec.split("\\.", -1);
    List<Integer> path = new ArrayList<>();
    int i = 0;
    while (i < parts.length && !parts[i].isEmpty() && parts[i].chars().allMatch(Character::isDigit)) {
      if (parts[i].length() > 9 || parts[i].charAt(0) == '0') throw ImapException.bad("Invalid section part");
      path.add(Integer.parseInt(parts[i]));
      if (path.size() > 32) throw ImapException.bad("Section nested too deep");
      i++;
    }
    String text = i < parts.length ? String.join(".", java.util.Arrays.copyOfRange(parts, i, parts.length)) : null;
    if (text != null) {
      boolean ok = switch (text) {
        case "HEADER", "HEADER.FIELDS", "HEADER.FIELDS.NOT", "TEXT" -> true;
        case "MIME" -> !path.isEmpty();
        default -> false;
      };
      if (!ok || binary) throw ImapException.bad("Invalid section");
    }
    List<String> fields = null;
    if (text != null && text.startsWith("HEADER.FIELDS")) {
      r.sp();
      r.expect('(');
      fields = new ArrayList<>();
      while (!r.consume(')')) {
        if (!fields.isEmpty()) r.sp();
        fields.add(r.astring());
        if (fields.size() > MAX_FIELDS) throw ImapException.bad("Too many header fields");
      }
      if (fields.isEmpty()) throw ImapException.bad("Empty header field list");
    }
    r.expect(']');
    int[] p = path.stream().mapToInt(Integer::intValue).toArray();
    return new Section(p, text, fields);
  }

  private static long[] partial(ImapRequestReader r) throws ImapException {
    if (!r.consume('<')) return new long[] {-1, -1};
    long start = r.number();
    r.expect('.');
    long length = r.nzNumber();
    r.expect('>');
    return new long[] {start, length};
  }
}
