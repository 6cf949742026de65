package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Set;
import org.minternet.mail.store.Mailbox;

/** RENAME (RFC 9051 §6.3.6), inferiors included; renaming INBOX moves its messages. */
final class RenameCommand implements ImapCommand {
  @Override
  public Set<ImapState> states() {
    return AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.sp();
    String from = s.mailboxName();
    r.sp();
    String to = MailboxNames.validateNew(s.mailboxName());
    r.end();
    Mailbox mb = s.mailbox(from);
    if (to.equals("INBOX")) throw ImapException.no("ALREADYEXISTS", "INBOX exists");
    if (to.startsWith(from + "/")) throw ImapException.no("CANNOT", "Cannot move a mailbox into itself");
    if (s.mail().mailboxes().get(s.user().id(), to).isPresent()) {
      throw ImapException.no("ALREADYEXISTS", "Target exists");
    }
    int slash = -1;
    while ((slash = to.indexOf('/', slash + 1)) > 0) {
      String parent = to.substring(0, slash);
      if (s.mail().mailboxes().get(s.user().id(), parent).isEmpty()) s.mail().mailboxes().create(s.user().id(), parent, null);
    }
    if (!s.mail().mailboxes().rename(s.user().id(), mb, to)) throw ImapException.no("ALREADYEXISTS", "Target exists");
    return "RENAME completed";
  }
}
