package org.minternet.mail.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.minternet.mail.store.MessageInfo;
import org.minternet.mail.store.Messages;

/**
 * EXPUNGE (RFC 9051 §6.4.3) and UID EXPUNGE (RFC 4315 §2.1): removes the \Deleted messages (of
 * the UID set) and reports each with EXPUNGE, or VANISHED under QRESYNC.
 */
final class ExpungeCommand implements ImapCommand.UidCapable {
  @Override
  public Set<ImapState> states() {
    return SELECTED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag, boolean uid)
      throws ImapException, IOException {
    SequenceSet set = null;
    if (uid) {
      r.sp();
      set = r.sequenceSet();
      if (set.saved()) set = s.selected().savedSet();
    }
    r.end();
    SelectedMailbox view = s.selected();
    if (view.readOnly) throw ImapException.no("READ-ONLY", "Mailbox is read-only");
    s.writeUpdates(true); // learn of flags set by others first
    List<Long> deleted = new ArrayList<>();
    for (long u : view.uids()) {
      MessageInfo m = view.message(u);
      if (m == null || view.isGone(u) || !m.flags().contains(Flags.DELETED)) continue;
      if (set == null || set.contains(u, view.lastUid())) deleted.add(u);
    }
    long version = s.events().version(view.id);
    Messages.Expunged expunged = s.mail().messages().expunge(view.id, deleted);
    view.ownExpunge(expunged.removed());
    if (!deleted.isEmpty()) view.ownChange(s.events(), version, expunged.modseq());
    return "EXPUNGE completed";
  }
}
