package org.minternet.mail.store;

import java.util.Locale;
import org.minternet.mail.message.DsnNotify;

/**
 * One envelope recipient with its DSN parameters (RFC 3461 §4).
 *
 * @param address the forward-path mailbox, {@code local@domain}
 * @param dsnNotify the NOTIFY parameter, or null when the sender gave none
 * @param orcpt the ORCPT parameter as received ({@code rfc822;addr}), or null
 */
public record Recipient(String address, DsnNotify dsnNotify, String orcpt) {
  public static Recipient of(String address) {
    return new Recipient(address, null, null);
  }

  public String domain() {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Whether the sender wants a report of {@code event}: as NOTIFY says, and without NOTIFY for
   * failures only (RFC 3461 §4.1 leaves the default to us; FAILURE is the least surprising).
   */
  public boolean wants(DsnNotify.Event event) {
    return dsnNotify == null ? event == DsnNotify.Event.FAILURE : dsnNotify.on(event);
  }
}
