package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Set;
import org.minternet.mail.store.Mailbox;

/**
 * DELETE (RFC 9051 §6.3.5): INBOX cannot be deleted; a mailbox with inferiors is refused (this
 * server keeps no \Noselect placeholders); sessions that have it selected are told BYE.
 */
final class DeleteCommand implements ImapCommand {
  @Override
  public Set<ImapState> states() {
    return AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.sp();
    String name = s.mailboxName();
    r.end();
    if (name.equals("INBOX")) throw ImapException.no("CANNOT", "INBOX cannot be deleted");
    Mailbox mb = s.mailbox(name);
    for (Mailbox m : s.mail().mailboxes().list(s.user().id())) {
      if (m.name().startsWith(name + "/")) throw ImapException.no("HASCHILDREN", "Mailbox has children");
    }
    if (s.selected() != null && s.selected().id == mb.id()) s.select(null);
    s.mail().mailboxes().delete(mb.id());
    return "DELETE completed";
  }
}
