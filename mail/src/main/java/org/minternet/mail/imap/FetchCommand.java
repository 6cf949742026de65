package org.minternet.mail.imap;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.minternet.mail.message.MimePart;
import org.minternet.mail.store.MessageInfo;
import org.minternet.mail.store.Messages;

/**
 * FETCH and UID FETCH (RFC 9051 §6.4.5): FLAGS, INTERNALDATE, RFC822.SIZE, ENVELOPE, BODY,
 * BODYSTRUCTURE, BODY[section]&lt;partial&gt;, BODY.PEEK, BINARY/BINARY.PEEK/BINARY.SIZE (RFC
 * 3516), RFC822*, UID, MODSEQ, and the CHANGEDSINCE/VANISHED modifiers (RFC 7162). Reading a body
 * without PEEK sets \Seen in a read-write mailbox and reports the new flags. A message expunged
 * by another session meanwhile is left out and the command ends {@code NO [EXPUNGEISSUED]}.
 */
final class FetchCommand implements ImapCommand.UidCapable {
  static final DateTimeFormatter INTERNALDATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.US);

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
    List<FetchItem> items = new ArrayList<>(FetchItem.parseList(r));
    long changedSince = -1;
    boolean vanished = false;
    if (r.consume(' ')) {
      r.expect('(');
      while (!r.consume(')')) {
        String m = r.keyword();
        if (m.equals("CHANGEDSINCE")) {
          r.sp();
          changedSince = r.number64();
        } else if (m.equals("VANISHED")) {
          vanished = true;
        } else {
          throw ImapException.bad("Unknown FETCH modifier");
        }
        r.consume(' ');
      }
      if (vanished && (!uid || !s.qresync() || changedSince < 0)) {
        throw ImapException.bad("VANISHED needs UID FETCH, QRESYNC and CHANGEDSINCE");
      }
    }
    r.end();
    boolean wantUid = uid;
    boolean wantModseq = changedSince >= 0;
    boolean wantFlags = false;
    boolean setsSeen = false;
    boolean content = false;
    boolean headerOnly = true;
    for (FetchItem i : items) {
      headerOnly &= !i.needsContent() || i.kind() == FetchItem.Kind.ENVELOPE
          || i.kind() == FetchItem.Kind.RFC822_HEADER
          || (i.kind() == FetchItem.Kind.BODY_SECTION && i.section().path().length == 0
              && i.section().text() != null && i.section().text().startsWith("HEADER"));
      wantUid |= i.kind() == FetchItem.Kind.UID;
      wantModseq |= i.kind() == FetchItem.Kind.MODSEQ;
      wantFlags |= i.kind() == FetchItem.Kind.FLAGS;
      setsSeen |= i.setsSeen();
      content |= i.needsContent();
    }
    if (wantModseq) s.enableCondstore();
    SelectedMailbox view = s.selected();
    List<Integer> seqs = view.resolve(set, uid);
    if (vanished) {
      List<Long> gone = new ArrayList<>();
      for (long u : s.mail().messages().expungedSince(view.id, changedSince)) {
        if (set.contains(u, view.lastUid()) && view.seq(u) == 0) gone.add(u);
      }
      if (!gone.isEmpty()) s.untagged("VANISHED (EARLIER) " + SequenceSet.format(gone));
    }
    if (setsSeen && !view.readOnly) markSeen(s, view, seqs);
    boolean expunged = false;
    List<Long> wanted = new ArrayList<>();
    for (int seq : seqs) {
      long u = view.uid(seq);
      MessageInfo m = view.message(u);
      if (m == null || (changedSince >= 0 && m.modseq() <= changedSince)) continue;
      wanted.add(u);
    }
    for (List<Long> batch : MessageCache.batches(wanted, u -> view.message(u).size())) {
      List<Long> present = new ArrayList<>();
      for (long u : batch) if (!view.isGone(u)) present.add(u);
      java.util.Map<Long, byte[]> contents = content ? s.cache().contents(view.id, present) : java.util.Map.of();
      for (long u : batch) {
        expunged |= !writeMessage(s, view, u, items, contents, content, headerOnly, wantUid, wantModseq, wantFlags,
            setsSeen);
      }
    }
    if (expunged) throw ImapException.no("EXPUNGEISSUED", "Some messages were expunged");
    return "FETCH completed";
  }

  /** Writes one FETCH response; false if the message's content is gone. */
  private static boolean writeMessage(ImapSession s, SelectedMailbox view, long u, List<FetchItem> items,
      java.util.Map<Long, byte[]> contents, boolean content, boolean headerOnly, boolean wantUid, boolean wantModseq,
      boolean wantFlags, boolean setsSeen) throws ImapException, IOException {
    {
      int seq = view.seq(u);
      MessageInfo m = view.message(u);
      MimePart parsed = null;
      byte[] bytes = null;
      if (content) {
        bytes = contents.get(u);
        if (bytes == null) return false;
        parsed = s.cache().parsed(view.id, u, bytes, headerOnly);
      }
      ImapResponse out = new ImapResponse().raw("* " + seq + " FETCH").open();
      if (wantUid) out.raw("UID").number(u);
      boolean flagsDone = false;
      for (FetchItem i : items) {
        switch (i.kind()) {
          case UID, MODSEQ -> { }
          case FLAGS -> {
            out.raw("FLAGS").raw(Flags.format(m.flags(), view.isRecent(u)));
            flagsDone = true;
          }
          case INTERNALDATE -> out.raw("INTERNALDATE")
              .raw("\"" + INTERNALDATE.format(m.internalDate().atOffset(ZoneOffset.UTC)) + "\"");
          case RFC822_SIZE -> out.raw("RFC822.SIZE").number(m.size());
          case ENVELOPE -> Envelope.write(out, parsed.header());
          case BODY -> BodyStructure.write(out, parsed, false);
          case BODYSTRUCTURE -> BodyStructure.write(out, parsed, true);
          case RFC822 -> out.raw("RFC822").literal(bytes);
          case RFC822_HEADER -> out.raw("RFC822.HEADER").literal(bytes, 0, parsed.bodyStart());
          case RFC822_TEXT -> out.raw("RFC822.TEXT")
              .literal(bytes, parsed.bodyStart(), bytes.length - parsed.bodyStart());
          case BODY_SECTION -> section(out, "BODY[" + i.section().spec() + "]", i,
              Sections.extract(parsed, i.section()));
          case BINARY -> section(out, "BINARY[" + i.section().spec() + "]", i,
              Sections.binary(parsed, i.section().path()));
          case BINARY_SIZE -> {
            byte[] b = Sections.binary(parsed, i.section().path());
            out.raw("BINARY.SIZE[" + i.section().spec() + "]");
            if (b == null) out.nil();
            else out.number(b.length);
          }
        }
      }
      if (!flagsDone && (setsSeen && !view.readOnly && !wantFlags && seenNow(view, u))) {
        out.raw("FLAGS").raw(Flags.format(m.flags(), view.isRecent(u)));
      }
      if (wantModseq) out.raw("MODSEQ").open().number(m.modseq()).close();
      out.close();
      s.write(out.line());
    }
    return true;
  }

  private static void section(ImapResponse out, String name, FetchItem i, byte[] data) {
    if (i.partialStart() >= 0) name += "<" + i.partialStart() + ">";
    out.raw(name);
    if (data == null) {
      out.nil();
      return;
    }
    int from = 0;
    int len = data.length;
    if (i.partialStart() >= 0) {
      from = (int) Math.min(i.partialStart(), data.length);
      len = (int) Math.min(i.partialLength(), data.length - from);
    }
    boolean binaryNul = false;
    if (i.kind() == FetchItem.Kind.BINARY) {
      for (int k = from; k < from + len && !binaryNul; k++) binaryNul = data[k] == 0;
    }
    if (binaryNul) out.literal8(data, from, len);
    else out.literal(data, from, len);
  }

  /** Whether the last \Seen update came from this command (the flags line must then be shown). */
  private static boolean seenNow(SelectedMailbox view, long uid) {
    return view.seenJustSet(uid);
  }

  private static void markSeen(ImapSession s, SelectedMailbox view, List<Integer> seqs) {
    List<Long> unseen = new ArrayList<>();
    for (int seq : seqs) {
      long u = view.uid(seq);
      MessageInfo m = view.message(u);
      if (m != null && !view.isGone(u) && !m.flags().contains(Flags.SEEN)) unseen.add(u);
    }
    view.clearSeenJustSet();
    if (unseen.isEmpty()) return;
    long version = s.events().version(view.id);
    Messages.FlagUpdate result = s.mail().messages().updateFlags(view.id, unseen, f -> {
      Set<String> next = new TreeSet<>(f);
      next.add(Flags.SEEN);
      return next;
    }, -1);
    for (MessageInfo m : result.updated().values()) {
      view.ownFlags(m);
      view.seenJustSet(m.uid(), true);
    }
    if (result.modseq() != 0) view.ownChange(s.events(), version, result.modseq());
  }
}
