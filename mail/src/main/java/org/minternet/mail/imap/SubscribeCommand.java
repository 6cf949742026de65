package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Set;
import org.minternet.mail.store.Mailbox;

/**
 * SUBSCRIBE and UNSUBSCRIBE (RFC 9051 §6.3.7, §6.3.8): the subscriptions are a list of names,
 * kept when the mailbox is deleted and not added by CREATE.
 */
final class SubscribeCommand implements ImapCommand {
  private final boolean subscribe;

  SubscribeCommand(boolean subscribe) {
    this.subscribe = subscribe;
  }

  @Override
  public Set<ImapState> states() {
    return AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.sp();
    String name = s.mailboxName();
    r.end();
    // SUBSCRIBE checks that the mailbox exists (RFC 9051 §6.3.7 allows it); UNSUBSCRIBE takes any
    // subscribed name, since a deleted mailbox stays in the list until the client removes it
    if (subscribe) s.mailbox(name);
    if (!s.mail().mailboxes().subscribe(s.user().id(), name, subscribe) && !subscribe) {
      s.mailbox(name);
    }
    return subscribe ? "SUBSCRIBE completed" : "UNSUBSCRIBE completed";
  }
}
