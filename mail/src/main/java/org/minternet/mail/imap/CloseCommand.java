package org.minternet.mail.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.minternet.mail.store.MessageInfo;

/**
 * CLOSE (RFC 9051 §6.4.1: silently expunges \Deleted messages of a read-write mailbox) and
 * UNSELECT (RFC 3691: leaves them).
 */
final class CloseCommand implements ImapCommand {
  private final boolean expunge;

  CloseCommand(boolean expunge) {
    this.expunge = expunge;
  }

  @Override
  public Set<ImapState> states() {
    return SELECTED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.end();
    SelectedMailbox view = s.selected();
    if (expunge && !view.readOnly) {
      List<Long> deleted = new ArrayList<>();
      for (long uid : view.uids()) {
        MessageInfo m = view.message(uid);
        if (m != null && m.flags().contains(Flags.DELETED)) deleted.add(uid);
      }
      s.mail().messages().expunge(view.id, deleted);
    }
    s.select(null);
    return expunge ? "CLOSE completed" : "UNSELECT completed";
  }
}
