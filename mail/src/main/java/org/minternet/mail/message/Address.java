package org.minternet.mail.message;

import java.util.List;

/** An RFC 5322 §3.4 address: a mailbox or a group of mailboxes. */
public sealed interface Address {
  /**
   * A mailbox: optional display name, the addr-spec {@code local@domain}, and the obsolete source
   * route ({@code @a,@b} of {@code <@a,@b:local@domain>}, RFC 5322 §4.4) or null; IMAP keeps the
   * route in the ENVELOPE (RFC 9051 §7.5.2 addr-adl), everything else ignores it.
   */
  record Mailbox(String displayName, String address, String route) implements Address {
    /** A mailbox without a source route. */
    public Mailbox(String displayName, String address) {
      this(displayName, address, null);
    }

    /** The mailbox in header form, the display name quoted or encoded as needed. */
    public String format() {
      if (displayName == null || displayName.isEmpty()) return address;
      return AddressParser.formatPhrase(displayName) + " <" + address + ">";
    }
  }

  /** A named group (RFC 5322 §3.4), possibly empty ({@code undisclosed-recipients:;}). */
  record Group(String name, List<Mailbox> members) implements Address {
    public Group {
      members = List.copyOf(members);
    }
  }
}
