package org.minternet.mail.store;

/**
 * One envelope recipient with its DSN parameters (RFC 3461 §4).
 *
 * @param address the forward-path mailbox, {@code local@domain}
 * @param notifyOn the NOTIFY parameter (e.g. "FAILURE,DELAY"), or null for the default
 * @param orcpt the ORCPT parameter as received ({@code rfc822;addr}), or null
 */
public record Recipient(String address, String notifyOn, String orcpt) {
  public static Recipient of(String address) {
    return new Recipient(address, null, null);
  }

  public String domain() {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether the sender asked not to be told about failures (NOTIFY=NEVER). */
  public boolean notifyNever() {
    return notifyOn != null && notifyOn.equalsIgnoreCase("NEVER");
  }
}
