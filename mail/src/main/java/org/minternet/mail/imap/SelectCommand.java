package org.minternet.mail.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.minternet.mail.store.Mailbox;
import org.minternet.mail.store.Mailboxes;
import org.minternet.mail.store.MessageInfo;

/**
 * SELECT and EXAMINE (RFC 9051 §6.3.2, §6.3.3) with the CONDSTORE parameter (RFC 7162 §3.1.8)
 * and QRESYNC resynchronisation (RFC 7162 §3.2.5): VANISHED (EARLIER) for the UIDs expunged
 * since the client's modseq and FETCH for the messages changed since.
 */
final class SelectCommand implements ImapCommand {
  private final boolean readOnly;

  SelectCommand(boolean readOnly) {
    this.readOnly = readOnly;
  }

  @Override
  public Set<ImapState> states() {
    return AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.sp();
    String name = s.mailboxName();
    long[] qresync = null;
    SequenceSet knownUids = null;
    if (r.consume(' ')) {
      r.expect('(');
      while (!r.consume(')')) {
        String p = r.keyword();
        if (p.equals("CONDSTORE")) {
          s.enabled().add("CONDSTORE");
        } else if (p.equals("QRESYNC")) {
          if (!s.qresync()) throw ImapException.bad("QRESYNC is not enabled");
          r.sp();
          r.expect('(');
          long validity = r.nzNumber();
          r.sp();
          long modseq = r.number64();
          if (r.consume(' ')) {
            if (r.peek() != '(') knownUids = r.sequenceSet();
            if (r.peek() == '(' || r.consume(' ')) {
              r.expect('(');
              r.sequenceSet();
              r.sp();
              r.sequenceSet();
              r.expect(')');
            }
          }
          r.expect(')');
          qresync = new long[] {validity, modseq};
        } else {
          throw ImapException.bad("Unknown SELECT parameter");
        }
        r.consume(' ');
      }
    }
    r.end();
    if (s.selected() != null) {
      s.select(null);
      if (s.qresync()) s.untagged("OK [CLOSED] Previous mailbox closed");
    }
    Mailbox mb = s.mailbox(name);
    SelectedMailbox view = new SelectedMailbox(mb.id(), mb.name(), readOnly, mb.uidValidity());
    long version = s.events().version(mb.id());
    // the counters first: every change up to their modseq is then in the list, so the view misses
    // no message appended or expunged between the two reads
    Mailboxes.Counters counters = s.mail().mailboxes().counters(mb.id());
    List<MessageInfo> all = s.mail().messages().list(mb.id());
    view.load(s.mail(), all, counters == null ? mb.highestModseq() : counters.highestModseq(), version);
    s.select(view);

    view.writeFlags(s);
    s.untagged(view.size() + " EXISTS");
    if (!s.rev2()) s.untagged(view.recentCount() + " RECENT");
    int firstUnseen = 0;
    for (int i = 1; i <= view.size() && firstUnseen == 0; i++) {
      if (!view.message(view.uid(i)).flags().contains(Flags.SEEN)) firstUnseen = i;
    }
    if (firstUnseen > 0 && !s.rev2()) s.untagged("OK [UNSEEN " + firstUnseen + "] First unseen");
    s.untagged("OK [UIDVALIDITY " + mb.uidValidity() + "] UIDs valid");
    long uidNext = Math.max(counters == null ? mb.uidNext() : counters.uidNext(), view.lastUid() + 1);
    s.untagged("OK [UIDNEXT " + uidNext + "] Predicted next UID");
    s.untagged("OK [HIGHESTMODSEQ " + view.highestModseq() + "] Highest");
    if (s.rev2()) s.untagged("LIST () \"/\" " + s.quoteName(mb.name()));
    if (qresync != null && qresync[0] == mb.uidValidity()) resync(s, view, qresync[1], knownUids);
    return "[" + (readOnly ? "READ-ONLY" : "READ-WRITE") + "] " + (readOnly ? "EXAMINE" : "SELECT") + " completed";
  }

  private static void resync(ImapSession s, SelectedMailbox view, long modseq, SequenceSet known)
      throws IOException {
    List<Long> vanished = new ArrayList<>();
    for (long uid : s.mail().messages().expungedSince(view.id, modseq)) {
      if (known == null || known.contains(uid, view.lastUid())) vanished.add(uid);
    }
    if (!vanished.isEmpty()) s.untagged("VANISHED (EARLIER) " + SequenceSet.format(vanished));
    for (MessageInfo m : s.mail().messages().changedSince(view.id, modseq)) {
      int seq = view.seq(m.uid());
      if (seq == 0) continue;
      MessageInfo v = view.message(m.uid());
      s.untagged(seq + " FETCH (UID " + m.uid() + " FLAGS " + Flags.format(v.flags(), view.isRecent(m.uid()))
          + " MODSEQ (" + v.modseq() + "))");
    }
  }
}
