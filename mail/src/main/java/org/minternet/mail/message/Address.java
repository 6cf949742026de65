package org.minternet.mail.message;

import java.util.List;

/** An RFC 5322 §3.4 address: a mailbox or a group of mailboxes. */
public sealed interface Address {
  /** A mailbox: optional display name and the addr-spec {@code local@domain}. */
  record Mailbox(String displayName, String address) implements Address {
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
