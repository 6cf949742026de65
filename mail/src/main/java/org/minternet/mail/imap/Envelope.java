package org.minternet.mail.imap;

import java.util.List;
import org.minternet.mail.message.Address;
import org.minternet.mail.message.AddressParser;
import org.minternet.mail.message.EncodedWords;
import org.minternet.mail.message.MessageFormatException;
import org.minternet.mail.message.MessageHeader;

/**
 * The ENVELOPE structure (RFC 9051 §7.5.2): date, subject, from, sender, reply-to, to, cc, bcc,
 * in-reply-to, message-id. Sender and reply-to default to from. Address lists are parsed by the
 * message codec; display names with non-ASCII text are written as RFC 2047 encoded words so that
 * IMAP4rev1 clients receive 7-bit text. Groups use the NIL-host start and end markers.
 */
final class Envelope {
  private Envelope() {}

  static void write(ImapResponse out, MessageHeader h) {
    out.raw("ENVELOPE");
    list(out, h);
  }

  /** The envelope list alone (also nested in the body structure of message/rfc822). */
  static void list(ImapResponse out, MessageHeader h) {
    out.open();
    out.nstring(h.get("Date"));
    out.nstring(h.get("Subject"));
    String from = h.get("From");
    addresses(out, from);
    addresses(out, h.get("Sender") != null ? h.get("Sender") : from);
    addresses(out, h.get("Reply-To") != null ? h.get("Reply-To") : from);
    addresses(out, h.get("To"));
    addresses(out, h.get("Cc"));
    addresses(out, h.get("Bcc"));
    out.nstring(h.get("In-Reply-To"));
    out.nstring(h.get("Message-ID"));
    out.close();
  }

  static void addresses(ImapResponse out, String value) {
    if (value == null || value.isBlank()) {
      out.nil();
      return;
    }
    List<Address> list;
    try {
      list = AddressParser.parseList(value);
    } catch (MessageFormatException | IllegalArgumentException e) {
      list = List.of();
    }
    if (list.isEmpty()) {
      out.nil();
      return;
    }
    out.open();
    for (Address a : list) {
      if (a instanceof Address.Mailbox m) {
        mailbox(out, m);
      } else if (a instanceof Address.Group g) {
        out.open().nil().nil().string(g.name()).nil().close();
        for (Address.Mailbox m : g.members()) mailbox(out, m);
        out.open().nil().nil().nil().nil().close();
      }
    }
    out.close();
  }

  private static void mailbox(ImapResponse out, Address.Mailbox m) {
    out.open();
    String name = m.displayName();
    if (name == null || name.isEmpty()) out.nil();
    else out.string(EncodedWords.isPlainAscii(name) ? name : EncodedWords.encode(name).replace("\r\n ", " "));
    out.nstring(m.route()); // addr-adl: the source route, kept as the RFC 9051 grammar has it
    String addr = m.address();
    int at = addr.lastIndexOf('@');
    if (at < 0) {
      out.string(addr).nil();
    } else {
      out.string(addr.substring(0, at)).string(addr.substring(at + 1));
    }
    out.close();
  }
}
