package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Set;
import org.minternet.mail.store.Mailbox;

/** SUBSCRIBE and UNSUBSCRIBE (RFC 9051 §6.3.7, §6.3.8) on existing mailboxes. */
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
    Mailbox mb = s.mailbox(name);
    s.mail().mailboxes().subscribe(mb.id(), subscribe);
    return subscribe ? "SUBSCRIBE completed" : "UNSUBSCRIBE completed";
  }
}
