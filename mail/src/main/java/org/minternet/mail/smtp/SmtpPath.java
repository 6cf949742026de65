package org.minternet.mail.smtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The argument of MAIL and RCPT (RFC 5321 §4.1.2): {@code FROM:<reverse-path>} or
 * {@code TO:<forward-path>} followed by ESMTP parameters.
 *
 * @param mailbox the address {@code local@domain} without brackets, "" for the null reverse-path
 * @param parameters ESMTP parameters by upper-case keyword (value null for a bare keyword)
 */
record SmtpPath(String mailbox, Map<String, String> parameters) {
  /** RFC 5321 §4.5.3.1: local part 64, domain 255, path 256 octets. */
  static final int MAX_LOCAL = 64;
  static final int MAX_DOMAIN = 255;
  static final int MAX_PATH = 256;

  /**
   * Parses {@code prefix<path> params}, where prefix is "FROM:" or "TO:" (a space after the colon is
   * tolerated, as many clients send it).
   */
  static SmtpPath parse(String args, String prefix, boolean allowNull) throws SmtpReply.ProtocolError {
    if (args.length() < prefix.length() || !args.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw syntax("Syntax: " + (prefix.startsWith("F") ? "MAIL FROM:<address>" : "RCPT TO:<address>"));
    }
    String rest = args.substring(prefix.length()).stripLeading();
    if (!rest.startsWith("<")) throw syntax("Path must be in angle brackets");
    int close = closingBracket(rest);
    if (close < 0) throw syntax("Unterminated path");
    String path = rest.substring(1, close);
    if (path.length() > MAX_PATH) throw SmtpReply.of(501, "5.1.3", "Path too long").error();
    // RFC 5321 §4.1.2 source routes "@a,@b:" are accepted and ignored
    if (path.startsWith("@")) {
      int colon = path.indexOf(':');
      if (colon < 0) throw syntax("Bad source route");
      path = path.substring(colon + 1);
    }
    if (path.isEmpty()) {
      if (!allowNull) throw SmtpReply.of(501, "5.1.3", "Null path not allowed here").error();
    } else {
      validateMailbox(path);
    }
    Map<String, String> params = new LinkedHashMap<>();
    String tail = rest.substring(close + 1);
    if (!tail.isEmpty() && !tail.startsWith(" ")) throw syntax("Junk after path");
    for (String p : tail.trim().split(" +")) {
      if (p.isEmpty()) continue;
      int eq = p.indexOf('=');
      String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
      if (key.isEmpty() || !key.matches("[A-Z0-9][A-Z0-9-]*")) throw SmtpReply.of(555, "5.5.4", "Bad parameter").error();
      if (params.containsKey(key)) throw SmtpReply.of(555, "5.5.4", "Duplicate parameter " + key).error();
      params.put(key, eq < 0 ? null : p.substring(eq + 1));
    }
    return new SmtpPath(path, params);
  }

  private static int closingBracket(String s) {
    boolean quoted = false;
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && quoted) i++;
      else if (c == '"') quoted = !quoted;
      else if (c == '>' && !quoted) return i;
    }
    return -1;
  }

  private static void validateMailbox(String path) throws SmtpReply.ProtocolError {
    int at = path.lastIndexOf('@');
    if (at <= 0 || at == path.length() - 1) throw SmtpReply.of(501, "5.1.3", "Bad address syntax").error();
    String local = path.substring(0, at);
    String domain = path.substring(at + 1);
    if (local.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LOCAL) {
      throw SmtpReply.of(501, "5.1.3", "Local part too long").error();
    }
    if (domain.length() > MAX_DOMAIN) throw SmtpReply.of(501, "5.1.3", "Domain too long").error();
    if (!validLocal(local) || !validDomain(domain)) throw SmtpReply.of(501, "5.1.3", "Bad address syntax").error();
  }

  private static boolean validLocal(String local) {
    if (local.startsWith("\"")) {
      if (local.length() < 2 || !local.endsWith("\"")) return false;
      for (int i = 1; i < local.length() - 1; i++) {
        char c = local.charAt(i);
        if (c == '\\') i++;
        else if (c == '"' || c < 32 || c == 127) return false;
      }
      return true;
    }
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) return false;
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      if (c > 127) continue; // RFC 6531 UTF-8, checked against SMTPUTF8 by the command
      if (c <= 32 || c == 127 || "()<>[]:;@\\,\"".indexOf(c) >= 0) return false;
    }
    return true;
  }

  private static boolean validDomain(String domain) {
    if (domain.startsWith("[")) return domain.endsWith("]") && domain.length() > 2 && !domain.contains(" ");
    for (String label : domain.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63) return false;
      if (label.startsWith("-") || label.endsWith("-")) return false;
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!(Character.isLetterOrDigit(c) || c == '-')) return false;
      }
    }
    return true;
  }

  boolean isAscii() {
    for (int i = 0; i < mailbox.length(); i++) if (mailbox.charAt(i) > 127) return false;
    return true;
  }

  private static SmtpReply.ProtocolError syntax(String text) {
    return SmtpReply.of(501, "5.5.4", text).error();
  }
}
