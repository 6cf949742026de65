package org.minternet.mail.pop3;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.minternet.mail.store.Mailbox;
import org.minternet.mail.store.MessageInfo;

/**
 * The snapshot of a user's INBOX for one POP3 session (RFC 1939 §5): numbered messages, fixed for
 * the session, with deletion marks applied only at QUIT.
 */
final class Maildrop {
  /** One message: its POP3 number is its index + 1. */
  record Entry(long uid, long size, String uniqueId) {}

  final Mailbox mailbox;
  private final List<Entry> entries = new ArrayList<>();
  private final Set<Integer> deleted = new LinkedHashSet<>();

  Maildrop(Mailbox mailbox, List<MessageInfo> messages) {
    this.mailbox = mailbox;
    for (MessageInfo m : messages) {
      // UIDVALIDITY.UID is stable across sessions and never reused (RFC 1939 §7 UIDL)
      entries.add(new Entry(m.uid(), m.size(), mailbox.uidValidity() + "." + m.uid()));
    }
  }

  int size() {
    return entries.size();
  }

  /** The live (not deleted) message with that number. */
  Entry get(int number) throws org.minternet.core.line.ProtocolException {
    if (number < 1 || number > entries.size()) throw Pop3Reply.err("No such message").error();
    if (deleted.contains(number)) throw Pop3Reply.err("Message " + number + " already deleted").error();
    return entries.get(number - 1);
  }

  boolean isDeleted(int number) {
    return deleted.contains(number);
  }

  void delete(int number) {
    deleted.add(number);
  }

  void undeleteAll() {
    deleted.clear();
  }

  int liveCount() {
    return entries.size() - deleted.size();
  }

  long liveOctets() {
    long n = 0;
    for (int i = 1; i <= entries.size(); i++) if (!deleted.contains(i)) n += entries.get(i - 1).size();
    return n;
  }

  List<Long> deletedUids() {
    List<Long> uids = new ArrayList<>();
    for (int n : deleted) uids.add(entries.get(n - 1).uid());
    return uids;
  }
}
