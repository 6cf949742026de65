package org.minternet.mail.imap;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.minternet.mail.message.Address;
import org.minternet.mail.message.AddressParser;
import org.minternet.mail.message.HeaderField;
import org.minternet.mail.message.MailDates;
import org.minternet.mail.message.MessageFormatException;
import org.minternet.mail.message.MimePart;
import org.minternet.mail.store.MessageInfo;

/**
 * A SEARCH criterion (RFC 9051 §6.4.4) as a tree: each key tests one message. Keys that need the
 * message's content say so, so that a search on flags never loads a message.
 */
interface SearchKey {
  boolean matches(Candidate c);

  default boolean needsContent() {
    return false;
  }

  /** One message under test, its content loaded on demand. */
  interface Candidate {
    int seq();

    long uid();

    MessageInfo info();

    boolean recent();

    int maxSeq();

    long maxUid();

    /** The parsed message, or null if it cannot be read (expunged meanwhile). */
    MimePart message();

    /** The message's header alone (cheaper than {@link #message()}), or null. */
    org.minternet.mail.message.MessageHeader header();
  }

  static SearchKey all(List<SearchKey> keys) {
    return new SearchKey() {
      @Override
      public boolean matches(Candidate c) {
        for (SearchKey k : keys) if (!k.matches(c)) return false;
        return true;
      }

      @Override
      public boolean needsContent() {
        return keys.stream().anyMatch(SearchKey::needsContent);
      }
    };
  }

  static SearchKey not(SearchKey key) {
    return new SearchKey() {
      @Override
      public boolean matches(Candidate c) {
        return !key.matches(c);
      }

      @Override
      public boolean needsContent() {
        return key.needsContent();
      }
    };
  }

  static SearchKey or(SearchKey a, SearchKey b) {
    return new SearchKey() {
      @Override
      public boolean matches(Candidate c) {
        return a.matches(c) || b.matches(c);
      }

      @Override
      public boolean needsContent() {
        return a.needsContent() || b.needsContent();
      }
    };
  }

  static SearchKey flag(String flag, boolean set) {
    return c -> Flags.has(c.info().flags(), flag) == set;
  }

  static SearchKey sequence(SequenceSet set) {
    return c -> set.contains(c.seq(), c.maxSeq());
  }

  static SearchKey uid(SequenceSet set) {
    return c -> set.contains(c.uid(), c.maxUid());
  }

  static SearchKey size(long n, boolean larger) {
    return c -> larger ? c.info().size() > n : c.info().size() < n;
  }

  static SearchKey modseq(long n) {
    return c -> c.info().modseq() >= n;
  }

  /** BEFORE, ON, SINCE on the internal date (its UTC calendar day). */
  static SearchKey internalDate(LocalDate d, int cmp) {
    return c -> compare(c.info().internalDate().atOffset(ZoneOffset.UTC).toLocalDate(), d, cmp);
  }

  private static boolean compare(LocalDate date, LocalDate d, int cmp) {
    return cmp < 0 ? date.isBefore(d) : cmp == 0 ? date.isEqual(d) : !date.isBefore(d);
  }

  /** SENTBEFORE, SENTON, SENTSINCE on the Date header field (its own calendar day). */
  static SearchKey sentDate(LocalDate d, int cmp) {
    return content(c -> {
      String v = c.header().get("Date");
      if (v == null) return false;
      return MailDates.parse(v).map(z -> compare(z.toLocalDate(), d, cmp)).orElse(false);
    });
  }

  /** The fields that hold addresses, which SEARCH also matches as parsed (comments and routes removed). */
  static final Set<String> ADDRESS_FIELDS = Set.of("from", "to", "cc", "bcc", "sender", "reply-to");

  /**
   * HEADER name string (and FROM, TO, CC, BCC, SUBJECT): substring, case-insensitive, decoded. An
   * address field also matches on its parsed mailboxes written {@code name <route:local@domain>},
   * so that {@code <user (c)@ (c) domain.org>} is found by {@code user@domain.org} and the comment
   * that names {@code user@domain (Real Name)} by the name.
   */
  static SearchKey header(String name, String value) {
    String needle = value.toLowerCase(Locale.ROOT);
    boolean addresses = ADDRESS_FIELDS.contains(name.toLowerCase(Locale.ROOT));
    return content(c -> {
      for (HeaderField f : c.header().all(name)) {
        if (needle.isEmpty()) return true;
        if (f.value().toLowerCase(Locale.ROOT).contains(needle)) return true;
        if (f.decodedValue().toLowerCase(Locale.ROOT).contains(needle)) return true;
        if (addresses && addressesContain(f.value(), needle)) return true;
      }
      return false;
    });
  }

  private static boolean addressesContain(String field, String needle) {
    List<Address.Mailbox> list;
    try {
      list = AddressParser.mailboxes(field);
    } catch (MessageFormatException | IllegalArgumentException e) {
      return false;
    }
    for (Address.Mailbox m : list) {
      String form = (m.displayName() == null ? "" : m.displayName() + " ") + "<"
          + (m.route() == null ? "" : m.route() + ":") + m.address() + ">";
      if (form.toLowerCase(Locale.ROOT).contains(needle)) return true;
    }
    return false;
  }

  /** BODY (text parts only) and TEXT (header too). */
  static SearchKey text(String value, boolean withHeader) {
    String needle = value.toLowerCase(Locale.ROOT);
    return content(c -> {
      MimePart m = c.message();
      if (withHeader) {
        for (HeaderField f : m.header().fields()) {
          if (f.decodedValue().toLowerCase(Locale.ROOT).contains(needle)) return true;
        }
      }
      return bodyContains(m, needle, 0);
    });
  }

  private static boolean bodyContains(MimePart p, String needle, int depth) {
    if (!p.children().isEmpty()) {
      if (depth > MimePart.MAX_DEPTH) return false;
      for (MimePart child : p.children()) if (bodyContains(child, needle, depth + 1)) return true;
      return false;
    }
    String type = p.contentType().type();
    if (!type.equals("text") && !(type.equals("message"))) return false;
    try {
      return p.text().toLowerCase(Locale.ROOT).contains(needle);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static SearchKey content(java.util.function.Predicate<Candidate> test) {
    return new SearchKey() {
      @Override
      public boolean matches(Candidate c) {
        return c.header() != null && test.test(c);
      }

      @Override
      public boolean needsContent() {
        return true;
      }
    };
  }
}
