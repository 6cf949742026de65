package org.minternet.mail.message;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses address lists of RFC 5322 §3.4 (From, To, Cc, Reply-To …): mailboxes with or without
 * display names, groups, quoted local parts, domain literals, comments, the obsolete route
 * syntax, RFC 2047 words in display names and RFC 6532 UTF-8.
 */
public final class AddressParser {
  /** Most addresses parsed from one field. */
  public static final int MAX_ADDRESSES = 10_000;

  private enum Kind { WORD, QUOTED, LITERAL, SPECIAL, COMMENT }

  private record Token(Kind kind, String text) {
    boolean is(char c) {
      return kind == Kind.SPECIAL && text.charAt(0) == c;
    }
  }

  private final List<Token> tokens = new ArrayList<>();
  /** The first comment after each token, or null: a name for an address that has none. */
  private final List<String> commentAfter = new ArrayList<>();
  private int pos;

  private AddressParser(String input) {
    for (Token t : tokenize(input)) {
      if (t.kind != Kind.COMMENT) {
        tokens.add(t);
        commentAfter.add(null);
      } else if (!tokens.isEmpty() && commentAfter.getLast() == null && !t.text.isBlank()) {
        commentAfter.set(commentAfter.size() - 1, t.text.strip());
      }
    }
  }

  /**
   * The display name of an address written without one: the comment that follows it, as in
   * {@code user@domain (Real Name)} (RFC 5322 §3.4 allows the comment; mail readers and IMAP
   * servers show it as the name).
   */
  private String nameOrComment(String name) {
    if (name != null || pos == 0) return name;
    String c = commentAfter.get(pos - 1);
    return c == null ? null : EncodedWords.decode(c);
  }

  /** Parses an address list; throws {@link MessageFormatException} if it is not one. */
  public static List<Address> parseList(String value) {
    AddressParser p = new AddressParser(value);
    List<Address> out = new ArrayList<>();
    while (p.pos < p.tokens.size()) {
      if (p.peek().is(',')) {
        p.pos++;
        continue;
      }
      out.add(p.address());
      if (out.size() > MAX_ADDRESSES) throw new MessageFormatException("too many addresses");
      if (p.pos < p.tokens.size() && !p.peek().is(',')) throw new MessageFormatException("expected ','");
    }
    return out;
  }

  /** Every mailbox of a list, groups flattened. */
  public static List<Address.Mailbox> mailboxes(String value) {
    List<Address.Mailbox> out = new ArrayList<>();
    for (Address a : parseList(value)) {
      if (a instanceof Address.Mailbox m) out.add(m);
      else if (a instanceof Address.Group g) out.addAll(g.members());
    }
    return out;
  }

  /** Parses exactly one mailbox (e.g. a From with one author or a Sender). */
  public static Address.Mailbox parseMailbox(String value) {
    List<Address> list = parseList(value);
    if (list.size() != 1 || !(list.get(0) instanceof Address.Mailbox m)) {
      throw new MessageFormatException("not a single mailbox");
    }
    return m;
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Address address() {
    List<Token> phrase = new ArrayList<>();
    while (pos < tokens.size()) {
      Token t = peek();
      if (t.is('<')) {
        pos++;
        String route = route();
        String addr = angleAddr();
        return new Address.Mailbox(nameOrComment(phraseText(phrase)), addr, route);
      }
      if (t.is(':')) {
        pos++;
        return group(phraseText(phrase));
      }
      if (t.is('@')) {
        pos++;
        String addr = localPart(phrase) + "@" + domain();
        return new Address.Mailbox(nameOrComment(null), addr);
      }
      if (t.is(',') || t.is(';')) break;
      if (t.kind == Kind.SPECIAL && !t.is('.')) throw new MessageFormatException("unexpected '" + t.text + "'");
      phrase.add(t);
      pos++;
    }
    throw new MessageFormatException("address without domain");
  }

  private Address.Group group(String name) {
    List<Address.Mailbox> members = new ArrayList<>();
    while (pos < tokens.size()) {
      if (peek().is(';')) {
        pos++;
        return new Address.Group(name, members);
      }
      if (peek().is(',')) {
        pos++;
        continue;
      }
      Address a = address();
      if (a instanceof Address.Mailbox m) members.add(m);
      else throw new MessageFormatException("group inside a group");
    }
    return new Address.Group(name, members); // lenient: missing ';'
  }

  /** obs-route (RFC 5322 §4.4): {@code @a,@b:} before the addr-spec, returned as {@code @a,@b}; or null. */
  private String route() {
    if (pos >= tokens.size() || !peek().is('@')) return null;
    StringBuilder sb = new StringBuilder();
    while (pos < tokens.size() && !peek().is(':')) {
      Token t = tokens.get(pos++);
      if (t.is('>')) throw new MessageFormatException("unterminated route");
      sb.append(t.text);
    }
    pos++;
    return sb.toString();
  }

  private String angleAddr() {
    List<Token> local = new ArrayList<>();
    while (pos < tokens.size() && !peek().is('@') && !peek().is('>')) local.add(tokens.get(pos++));
    if (pos >= tokens.size()) throw new MessageFormatException("unterminated angle address");
    if (peek().is('>')) {
      pos++;
      if (local.isEmpty()) return ""; // <> (null path as found in some headers)
      throw new MessageFormatException("address without domain");
    }
    pos++;
    String domain = domain();
    if (pos >= tokens.size() || !peek().is('>')) throw new MessageFormatException("expected '>'");
    pos++;
    return localPart(local) + "@" + domain;
  }

  private String domain() {
    StringBuilder sb = new StringBuilder();
    while (pos < tokens.size()) {
      Token t = peek();
      if (t.kind == Kind.WORD || t.kind == Kind.LITERAL || t.is('.')) {
        sb.append(t.text);
        pos++;
      } else {
        break;
      }
    }
    if (sb.isEmpty()) throw new MessageFormatException("empty domain");
    return sb.toString();
  }

  private static String localPart(List<Token> parts) {
    if (parts.isEmpty()) throw new MessageFormatException("empty local part");
    StringBuilder sb = new StringBuilder();
    for (Token t : parts) {
      if (t.kind == Kind.QUOTED) sb.append('"').append(t.text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      else sb.append(t.text);
    }
    return sb.toString();
  }

  private static String phraseText(List<Token> phrase) {
    if (phrase.isEmpty()) return null;
    StringBuilder sb = new StringBuilder();
    boolean prevEncoded = false;
    for (Token t : phrase) {
      boolean encoded = t.kind == Kind.WORD && t.text.startsWith("=?") && t.text.endsWith("?=");
      if (!sb.isEmpty() && !(encoded && prevEncoded)) sb.append(' ');
      sb.append(t.kind == Kind.WORD ? EncodedWords.decode(t.text) : t.text);
      prevEncoded = encoded;
    }
    return sb.toString();
  }

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        i++;
      } else if (c == '(') {
        int depth = 0;
        StringBuilder comment = new StringBuilder();
        while (i < s.length()) {
          char d = s.charAt(i++);
          if (d == '\\') {
            if (i < s.length()) comment.append(s.charAt(i));
            i++;
            continue;
          }
          if (d == '(' && depth++ == 0) continue;
          if (d == ')' && --depth == 0) break;
          if (d != '\r' && d != '\n') comment.append(d);
        }
        out.add(new Token(Kind.COMMENT, comment.toString()));
      } else if (c == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < s.length()) {
          char d = s.charAt(i++);
          if (d == '"') {
            closed = true;
            break;
          }
          if (d == '\\' && i < s.length()) d = s.charAt(i++);
          if (d != '\r' && d != '\n') sb.append(d);
        }
        if (!closed) throw new MessageFormatException("unterminated quoted string");
        out.add(new Token(Kind.QUOTED, sb.toString()));
      } else if (c == '[') {
        int end = s.indexOf(']', i);
        if (end < 0) throw new MessageFormatException("unterminated domain literal");
        out.add(new Token(Kind.LITERAL, s.substring(i, end + 1)));
        i = end + 1;
      } else if ("<>,:;@.".indexOf(c) >= 0) {
        if (c == '.' && !out.isEmpty() && out.get(out.size() - 1).kind == Kind.WORD && i + 1 < s.length()
            && isAtext(s.charAt(i + 1))) {
          // join dot-atoms into one word: "john.doe"
          Token prev = out.remove(out.size() - 1);
          int start = i + 1;
          int j = start;
          while (j < s.length() && (isAtext(s.charAt(j)) || s.charAt(j) == '.')) j++;
          out.add(new Token(Kind.WORD, prev.text + "." + s.substring(start, j)));
          i = j;
        } else {
          out.add(new Token(Kind.SPECIAL, String.valueOf(c)));
          i++;
        }
      } else if (isAtext(c)) {
        int j = i;
        while (j < s.length() && (isAtext(s.charAt(j)) || s.charAt(j) == '.')) j++;
        out.add(new Token(Kind.WORD, s.substring(i, j)));
        i = j;
      } else {
        throw new MessageFormatException("unexpected character in address");
      }
    }
    return out;
  }

  private static boolean isAtext(char c) {
    return (c > 32 && c < 127 && "()<>[]:;@\\,.\"".indexOf(c) < 0) || c > 127;
  }

  /** A display name as an atom sequence, quoted string or encoded words as needed. */
  static String formatPhrase(String name) {
    if (!EncodedWords.isPlainAscii(name)) return EncodedWords.encode(name);
    boolean atoms = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != ' ' && !isAtext(c)) atoms = false;
    }
    if (atoms && !name.isBlank()) return name;
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
