package org.minternet.mail.store;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongConsumer;

/** The listeners told the id of each mailbox after a change to it commits (IMAP IDLE). */
final class MailboxChanges {
  private final List<LongConsumer> listeners = new CopyOnWriteArrayList<>();

  void add(LongConsumer listener) {
    listeners.add(listener);
  }

  void changed(long mailboxId) {
    for (LongConsumer l : listeners) l.accept(mailboxId);
  }

  void changed(Collection<Long> mailboxIds) {
    for (long id : mailboxIds) changed(id);
  }
}
