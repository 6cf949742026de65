package org.minternet.mail.imap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.minternet.core.io.LineTooLongException;
import org.minternet.core.net.Connection;

/**
 * Reads one tagged IMAP command at a time from the connection's line reader (RFC 9051 §2.2.1 and
 * the formal syntax of §9), with methods named after the grammar: {@link #tag}, {@link #atom},
 * {@link #astring}, {@link #nstring}, {@link #string}, {@link #flagList}, {@link #sequenceSet}…
 *
 * <p>A command is a line that may continue after literals: {@code {n}} (synchronising — the
 * server sends {@code +} first) or {@code {n+}} (LITERAL+, RFC 7888). A literal larger than the
 * limit given by the caller is refused before a byte of it is read: a synchronising one with
 * {@code NO [TOOBIG]} (the client then sends nothing more of the command), a non-synchronising one
 * by closing the connection since its bytes are already on the way. Limits:
 * {@link #MAX_LITERAL} for ordinary literals, {@link #MAX_COMMAND} bytes per command,
 * {@link #MAX_NESTING} levels of parentheses.
 */
final class ImapRequestReader {
  /** Largest literal accepted outside APPEND (a search string, a mailbox name, a password). */
  static final int MAX_LITERAL = 64 * 1024;
  /** Largest command, all lines and ordinary literals together. */
  static final int MAX_COMMAND = 1024 * 1024;
  /** Deepest parenthesis nesting accepted (search keys, fetch attributes). */
  static final int MAX_NESTING = 16;
  /** A literal must arrive within this time, however slowly the client sends it. */
  static final Duration LITERAL_TIMEOUT = Duration.ofMinutes(5);

  private final Connection connection;
  private byte[] line = new byte[0];
  private int pos;
  private long commandBytes;

  ImapRequestReader(Connection connection) {
    this.connection = connection;
  }

  /**
   * Reads the first line of the next command.
   *
   * @return false at end of stream
   * @throws LineTooLongException when the line is over the limit (already skipped if recovered)
   */
  boolean next() throws IOException {
    byte[] l = connection.reader().readLineBytes(connection.reader().maxLineLength());
    if (l == null) return false;
    connection.transcript().received(connection.service(), connection.peer(),
        new String(l, StandardCharsets.UTF_8));
    line = l;
    pos = 0;
    commandBytes = l.length;
    return true;
  }

  /** Reads a line outside the command grammar (the SASL response, IDLE's DONE); null at EOF. */
  String rawLine() throws IOException {
    return connection.readLine();
  }

  /**
   * After an error, skips what remains of the command: the rest of the line, and for each
   * non-synchronising literal announced at its end the literal and the line after it.
   *
   * @return false if the rest could not be skipped safely (the connection must be closed)
   */
  boolean discardRest() throws IOException {
    while (true) {
      long n = trailingLiteral(true);
      if (n < 0) {
        pos = line.length;
        return true;
      }
      if (n > MAX_LITERAL) return false;
      connection.reader().skipExactly(n);
      try {
        if (!next()) return false;
      } catch (LineTooLongException | org.minternet.core.io.MalformedLineException e) {
        return false;
      }
    }
  }

  /** The size of a {@code {n+}} literal announced at the end of the line, or -1. */
  private long trailingLiteral(boolean nonSyncOnly) {
    int end = line.length;
    if (end < 3 || line[end - 1] != '}') return -1;
    int i = end - 2;
    if (line[i] == '+') i--;
    else if (nonSyncOnly) return -1;
    int digitsEnd = i + 1;
    while (i >= 0 && line[i] >= '0' && line[i] <= '9') i--;
    if (i < 0 || line[i] != '{' || digitsEnd - i - 1 < 1 || digitsEnd - i - 1 > 18) return -1;
    return Long.parseLong(new String(line, i + 1, digitsEnd - i - 1, StandardCharsets.US_ASCII));
  }

  // ---------------------------------------------------------------- lexical helpers

  int peek() {
    return pos < line.length ? line[pos] & 0xff : -1;
  }

  boolean atEnd() {
    return pos >= line.length;
  }

  /** Consumes {@code c} if it is next. */
  boolean consume(char c) {
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  void expect(char c) throws ImapException {
    if (!consume(c)) throw ImapException.bad("Expected '" + c + "'");
  }

  /** One space (RFC 9051 {@code SP}). */
  void sp() throws ImapException {
    if (!consume(' ')) throw ImapException.bad("Expected space");
  }

  /** The end of the command: nothing may follow. */
  void end() throws ImapException {
    if (!atEnd()) throw ImapException.bad("Unexpected characters at end of command");
  }

  static boolean isAtomChar(int c) {
    return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '%' && c != '*' && c != '"'
        && c != '\\' && c != ']';
  }

  // ---------------------------------------------------------------- grammar

  /** {@code tag = 1*<any ASTRING-CHAR except "+">}. */
  String tag() throws ImapException {
    int start = pos;
    while (pos < line.length && (isAtomChar(line[pos] & 0xff) || line[pos] == ']') && line[pos] != '+') pos++;
    if (pos == start || pos - start > 64) throw ImapException.bad("Invalid tag");
    return ascii(start, pos);
  }

  /** {@code atom = 1*ATOM-CHAR}. */
  String atom() throws ImapException {
    int start = pos;
    while (pos < line.length && isAtomChar(line[pos] & 0xff)) pos++;
    if (pos == start) throw ImapException.bad("Expected atom");
    return ascii(start, pos);
  }

  /** An atom upper-cased (command names, keywords of the grammar). */
  String keyword() throws ImapException {
    return atom().toUpperCase(Locale.ROOT);
  }

  /** Characters up to the next space, parenthesis or end (sequence sets, search keys with *). */
  String token() throws ImapException {
    int start = pos;
    while (pos < line.length && line[pos] != ' ' && line[pos] != '(' && line[pos] != ')') pos++;
    if (pos == start) throw ImapException.bad("Expected token");
    return new String(line, start, pos - start, StandardCharsets.UTF_8);
  }

  /** Letters, digits, dots and dashes: a FETCH attribute name or section specifier. */
  String word() throws ImapException {
    int start = pos;
    while (pos < line.length) {
      int c = line[pos];
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
          || c == '8') {
        pos++;
      } else {
        break;
      }
    }
    if (pos == start) throw ImapException.bad("Expected a name");
    return ascii(start, pos).toUpperCase(Locale.ROOT);
  }

  /** The next atom upper-cased, without consuming it; empty if none. */
  String peekWord() {
    int end = pos;
    while (end < line.length && isAtomChar(line[end] & 0xff)) end++;
    return ascii(pos, end).toUpperCase(Locale.ROOT);
  }

  /** {@code number = 1*DIGIT} fitting 32 bits (unsigned). */
  long number() throws ImapException {
    long v = number64();
    if (v > 0xFFFFFFFFL) throw ImapException.bad("Number too large");
    return v;
  }

  /** {@code nz-number}. */
  long nzNumber() throws ImapException {
    long v = number();
    if (v == 0) throw ImapException.bad("Number must not be zero");
    return v;
  }

  /** {@code mod-sequence-value}: 63-bit (RFC 7162). */
  long number64() throws ImapException {
    int start = pos;
    while (pos < line.length && line[pos] >= '0' && line[pos] <= '9') pos++;
    if (pos == start) throw ImapException.bad("Expected number");
    if (pos - start > 18) throw ImapException.bad("Number too large");
    return Long.parseLong(ascii(start, pos));
  }

  /** {@code astring = 1*ASTRING-CHAR / string}. */
  String astring() throws ImapException, IOException {
    int c = peek();
    if (c == '"' || c == '{') return string(); // "~foo" is an atom: literal8 is not a string
    int start = pos;
    while (pos < line.length && (isAtomChar(line[pos] & 0xff) || line[pos] == ']')) pos++;
    if (pos == start) throw ImapException.bad("Expected string");
    return new String(line, start, pos - start, StandardCharsets.UTF_8);
  }

  /** {@code nstring = string / nil}; null for NIL. */
  String nstring() throws ImapException, IOException {
    if (peek() == '"' || peek() == '{') return string();
    String a = atom();
    if (!a.equalsIgnoreCase("NIL")) throw ImapException.bad("Expected string or NIL");
    return null;
  }

  /** {@code string = quoted / literal}, decoded as UTF-8. */
  String string() throws ImapException, IOException {
    if (peek() == '"') return quoted();
    return new String(literal(MAX_LITERAL), StandardCharsets.UTF_8);
  }

  /** {@code quoted = DQUOTE *QUOTED-CHAR DQUOTE} with {@code \\} and {@code \"} escapes. */
  String quoted() throws ImapException {
    expect('"');
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    while (true) {
      if (pos >= line.length) throw ImapException.bad("Unterminated quoted string");
      int c = line[pos++] & 0xff;
      if (c == '"') break;
      if (c == '\\') {
        if (pos >= line.length) throw ImapException.bad("Unterminated quoted string");
        int e = line[pos++] & 0xff;
        if (e != '\\' && e != '"') throw ImapException.bad("Invalid escape in quoted string");
        c = e;
      }
      out.write(c);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Whether a literal or literal8 starts here (for APPEND, which takes its own size limit). */
  boolean atLiteral() {
    return peek() == '{' || (peek() == '~' && pos + 1 < line.length && line[pos + 1] == '{');
  }

  /**
   * {@code literal = "{" number64 ["+"] "}" CRLF *CHAR8}: announces, checks the size against
   * {@code max} before reading, sends the continuation for a synchronising literal, reads the
   * bytes and then the next line of the command.
   */
  byte[] literal(long max) throws ImapException, IOException {
    expect('{');
    return literalBody(max);
  }

  /**
   * {@code literal / literal8}: where the grammar takes binary content (the message of APPEND,
   * RFC 3516 §4.1, RFC 6855 §4), {@code ~{n}} frames octets that may include NUL; anywhere else
   * {@code ~} is an ordinary atom character.
   */
  byte[] literal8(long max) throws ImapException, IOException {
    consume('~');
    expect('{');
    return literalBody(max);
  }

  private byte[] literalBody(long max) throws ImapException, IOException {
    long n = number64();
    boolean nonSync = consume('+');
    expect('}');
    if (!atEnd()) throw ImapException.bad("Literal must end the line");
    if (n > max) {
      if (nonSync) throw new ImapException("BAD", "TOOBIG", "Literal too large", true);
      throw ImapException.no("TOOBIG", "Literal too large");
    }
    if (max == MAX_LITERAL && commandBytes + n > MAX_COMMAND) {
      throw new ImapException("BAD", "TOOBIG", "Command too large", nonSync);
    }
    if (!nonSync) {
      connection.writeLine("+ Ready for literal data");
      connection.flush();
    }
    byte[] data;
    connection.deadline(LITERAL_TIMEOUT);
    try {
      data = connection.readExactly((int) n);
    } finally {
      connection.clearDeadline();
    }
    // the rest of the command (often just CRLF) may be held back by the client's stack until the
    // literal is acknowledged: acknowledge it now instead of after the 40 ms delayed-ACK timer
    connection.quickAck();
    commandBytes += n;
    try {
      if (!next()) throw new java.io.EOFException("end of stream after literal");
    } catch (LineTooLongException e) {
      throw new ImapException("BAD", null, "Line too long", !e.recovered());
    }
    if (commandBytes > MAX_COMMAND) throw new ImapException("BAD", "TOOBIG", "Command too large", true);
    return data;
  }

  /** {@code mailbox = "INBOX" / astring}: decoded to Unicode, INBOX upper-cased. */
  String mailbox(boolean utf8) throws ImapException, IOException {
    String raw = astring();
    return MailboxNames.decode(raw, utf8);
  }

  /** {@code flag-list = "(" [flag *(SP flag)] ")"}. */
  List<String> flagList() throws ImapException {
    expect('(');
    List<String> flags = new ArrayList<>();
    while (!consume(')')) {
      if (!flags.isEmpty()) sp();
      flags.add(flag());
      if (flags.size() > 100) throw ImapException.bad("Too many flags");
    }
    return flags;
  }

  /** {@code flag = "\Answered" / ... / flag-keyword / flag-extension}. */
  String flag() throws ImapException {
    boolean system = consume('\\');
    String a = atom();
    if (!system) return a;
    return Flags.canonicalSystemFlag("\\" + a);
  }

  /** {@code sequence-set}. */
  SequenceSet sequenceSet() throws ImapException {
    int start = pos;
    while (pos < line.length) {
      int c = line[pos];
      if ((c >= '0' && c <= '9') || c == ':' || c == ',' || c == '*' || c == '$') pos++;
      else break;
    }
    return SequenceSet.parse(ascii(start, pos));
  }

  /** {@code date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE}. */
  ZonedDateTime dateTime() throws ImapException {
    String s = quoted();
    try {
      return ZonedDateTime.parse(s.startsWith(" ") ? s.substring(1) : s, DATE_TIME);
    } catch (DateTimeParseException e) {
      throw ImapException.bad("Invalid date-time");
    }
  }

  /** {@code date = date-text / DQUOTE date-text DQUOTE} (SEARCH). */
  java.time.LocalDate date() throws ImapException {
    String s = peek() == '"' ? quoted() : atom();
    try {
      return java.time.LocalDate.parse(s, DATE);
    } catch (DateTimeParseException e) {
      throw ImapException.bad("Invalid date");
    }
  }

  static final DateTimeFormatter DATE_TIME = new java.time.format.DateTimeFormatterBuilder()
      .parseCaseInsensitive().appendPattern("d-MMM-yyyy HH:mm:ss Z").toFormatter(Locale.US);
  static final DateTimeFormatter DATE = new java.time.format.DateTimeFormatterBuilder()
      .parseCaseInsensitive().appendPattern("d-MMM-yyyy").toFormatter(Locale.US);

  private String ascii(int from, int to) {
    return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
