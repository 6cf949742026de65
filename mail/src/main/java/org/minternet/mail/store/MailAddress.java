package org.minternet.mail.store;

import java.util.Locale;

/**
 * A mailbox address as the store keys it: local part and domain in lower case (the local part is
 * compared case-insensitively, as most sites do), without a trailing dot on the domain.
 */
record MailAddress(String local, String domain) {
  /** Parses {@code local@domain}, or returns null if it is not one. */
  static MailAddress parse(String address) {
    if (address == null) return null;
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) return null;
    String local = address.substring(0, at).toLowerCase(Locale.ROOT);
    String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
    if (domain.endsWith(".")) domain = domain.substring(0, domain.length() - 1);
    if (local.length() > 64 || domain.isEmpty() || domain.length() > 253) return null;
    return new MailAddress(local, domain);
  }

  /** As {@link #parse}, refusing what is not an address. */
  static MailAddress require(String address) {
    MailAddress a = parse(address);
    if (a == null) throw new IllegalArgumentException("bad address: " + address);
    return a;
  }

  /** A domain name as stored: trimmed, lower case, no trailing dot. */
  static String domain(String domain) {
    String d = domain.trim().toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) d = d.substring(0, d.length() - 1);
    if (d.isEmpty() || d.length() > 253) throw new IllegalArgumentException("bad domain: " + domain);
    return d;
  }

  @Override
  public String toString() {
    return local + "@" + domain;
  }
}
