package org.minternet.mail.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.minternet.mail.store.Mailbox;
import org.minternet.mail.store.Messages;

/**
 * COPY (RFC 9051 §6.4.7) and MOVE (RFC 6851), with UID forms, answered with COPYUID (RFC 4315).
 * MOVE is one transaction; the source messages are then reported expunged (VANISHED under
 * QRESYNC) after an untagged {@code OK [COPYUID …]}. The target may be the selected mailbox itself:
 * the messages then get new UIDs there, and MOVE expunges the originals (as Dovecot does).
 */
final class CopyCommand implements ImapCommand.UidCapable {
  private final boolean move;

  CopyCommand(boolean move) {
    this.move = move;
  }

  @Override
  public Set<ImapState> states() {
    return SELECTED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag, boolean uid)
      throws ImapException, IOException {
    r.sp();
    SequenceSet set = r.sequenceSet();
    r.sp();
    String name = s.mailboxName();
    r.end();
    SelectedMailbox view = s.selected();
    if (move && view.readOnly) throw ImapException.no("READ-ONLY", "Mailbox is read-only");
    Mailbox target = s.mail().mailboxes().get(s.user().id(), name)
        .orElseThrow(() -> ImapException.no("TRYCREATE", "No such mailbox"));
    List<Long> uids = new ArrayList<>();
    boolean expunged = false;
    for (int seq : view.resolve(set, uid)) {
      long u = view.uid(seq);
      if (view.isGone(u)) expunged = true;
      else uids.add(u);
    }
    if (expunged && !uid) throw ImapException.no("EXPUNGEISSUED", "Some of the messages were expunged");
    String verb = move ? "MOVE" : "COPY";
    if (uids.isEmpty()) return verb + " completed (no messages)";
    Messages.Copied copied = s.mail().messages().copy(view.id, uids, target.id(), move);
    String copyUid = copied.sourceUids().isEmpty() ? "" : "[COPYUID " + copied.uidValidity() + " "
        + SequenceSet.format(copied.sourceUids()) + " " + SequenceSet.format(copied.destinationUids()) + "] ";
    if (!move) return copyUid + "COPY completed";
    if (!copyUid.isEmpty()) s.untagged("OK " + copyUid.trim() + " Moved");
    view.ownExpunge(copied.sourceUids());
    return "MOVE completed";
  }
}
