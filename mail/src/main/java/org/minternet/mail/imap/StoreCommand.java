package org.minternet.mail.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.minternet.mail.store.MessageInfo;
import org.minternet.mail.store.Messages;

/**
 * STORE (RFC 9051 §6.4.6): FLAGS, +FLAGS, -FLAGS with .SILENT, and UNCHANGEDSINCE (RFC 7162
 * §3.1.3) answered with {@code [MODIFIED set]}. All changes of one command share one new modseq.
 */
final class StoreCommand implements ImapCommand.UidCapable {
  @Override
  public Set<ImapState> states() {
    return SELECTED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag, boolean uid)
      throws ImapException, IOException {
    if (!uid) s.forbidExpunge();
    r.sp();
    SequenceSet set = r.sequenceSet();
    r.sp();
    long unchangedSince = -1;
    if (r.consume('(')) {
      if (!r.keyword().equals("UNCHANGEDSINCE")) throw ImapException.bad("Unknown STORE modifier");
      r.sp();
      unchangedSince = r.number64();
      r.expect(')');
      r.sp();
    }
    String item = r.keyword();
    int mode = item.startsWith("+") ? 1 : item.startsWith("-") ? -1 : 0;
    String base = mode == 0 ? item : item.substring(1);
    boolean silent = base.endsWith(".SILENT");
    if (silent) base = base.substring(0, base.length() - 7);
    if (!base.equals("FLAGS")) throw ImapException.bad("Expected FLAGS, +FLAGS or -FLAGS");
    r.sp();
    List<String> flags;
    if (r.peek() == '(') {
      flags = r.flagList();
    } else {
      flags = new ArrayList<>();
      do {
        flags.add(r.flag());
        if (flags.size() > 100) throw ImapException.bad("Too many flags");
      } while (r.consume(' '));
    }
    r.end();
    if (unchangedSince >= 0) s.enableCondstore();
    SelectedMailbox view = s.selected();
    if (view.readOnly) throw ImapException.no("READ-ONLY", "Mailbox is read-only");
    Set<String> given = new TreeSet<>();
    for (String f : flags) if (!f.equals(Flags.RECENT)) given.add(f);
    List<Long> uids = new ArrayList<>();
    boolean expunged = false;
    for (int seq : view.resolve(set, uid)) {
      long u = view.uid(seq);
      if (view.isGone(u)) expunged = true;
      else uids.add(u);
    }
    UnaryOperator<Set<String>> change = current -> {
      Set<String> next = new TreeSet<>(mode == 0 ? Set.of() : current);
      if (mode >= 0) {
        for (String f : given) if (!Flags.has(next, f)) next.add(f);
      } else {
        next.removeIf(f -> Flags.has(given, f));
      }
      return next;
    };
    long version = s.events().version(view.id);
    Messages.FlagUpdate result = s.mail().messages().updateFlags(view.id, uids, change, unchangedSince);
    for (MessageInfo m : result.updated().values()) view.ownFlags(m);
    view.writeNewKeywords(s);
    for (MessageInfo m : result.updated().values()) {
      if (silent && unchangedSince < 0) continue;
      int seq = view.seq(m.uid());
      MessageInfo v = view.message(m.uid());
      s.untagged(seq + " FETCH (" + (uid ? "UID " + m.uid() + " " : "") + "FLAGS "
          + Flags.format(v.flags(), view.isRecent(m.uid()))
          + (s.condstore() ? " MODSEQ (" + m.modseq() + ")" : "") + ")");
    }
    if (result.modseq() != 0) view.ownChange(s.events(), version, result.modseq());
    if (!result.modified().isEmpty()) {
      List<Long> failed = new ArrayList<>();
      for (long u : result.modified()) failed.add(uid ? u : (long) view.seq(u));
      return "[MODIFIED " + SequenceSet.format(failed) + "] Conditional STORE failed";
    }
    if (expunged) throw ImapException.no("EXPUNGEISSUED", "Some of the messages were expunged");
    return "STORE completed";
  }
}
