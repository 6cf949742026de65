package org.minternet.mail.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.Mailboxes;
import org.minternet.mail.store.MessageInfo;
import org.minternet.mail.store.Messages;

/**
 * One session's view of its selected mailbox (RFC 9051 §2.3.1.2, §7.5.1): the message sequence
 * numbers as this client knows them, the flags it was last told, and the changes made by others
 * not yet reported. Messages expunged by another session keep their sequence numbers until the
 * session may send EXPUNGE (never during FETCH, STORE or SEARCH); new messages are appended and
 * announced with EXISTS; other sessions' flag changes are reported as unsolicited FETCH.
 */
final class SelectedMailbox {
  final long id;
  final String name;
  final boolean readOnly;
  final long uidValidity;
  private final List<Long> uids = new ArrayList<>();
  private final Map<Long, MessageInfo> messages = new HashMap<>();
  private final Set<Long> recent = new HashSet<>();
  private final Set<Long> gone = new TreeSet<>();
  private final Set<Long> flagsChanged = new TreeSet<>();
  private long knownModseq;
  private long highestModseq;
  private int reportedExists;
  private int reportedRecent;
  private long eventsVersion = -1;
  private long lastPoll;
  private boolean deleted;
  /** The keywords the client was told with FLAGS (RFC 9051 §7.3.5); a new one is told before use. */
  private final Set<String> keywords = new TreeSet<>();
  private boolean keywordsChanged;

  SelectedMailbox(long id, String name, boolean readOnly, long uidValidity) {
    this.id = id;
    this.name = name;
    this.readOnly = readOnly;
    this.uidValidity = uidValidity;
  }

  /** Loads the mailbox for SELECT/EXAMINE; a read-write select takes the recent messages. */
  void load(MailStore store, List<MessageInfo> all, long modseq, long version) {
    Map<Long, java.util.Set<String>> toClaim = new LinkedHashMap<>();
    for (MessageInfo m : all) {
      uids.add(m.uid());
      messages.put(m.uid(), visible(m));
      if (m.flags().contains(Flags.RECENT)) {
        // EXAMINE reports the recent messages without taking them (RFC 3501 §6.3.2: as SELECT,
        // read-only; the session that selects them next still finds them recent)
        if (readOnly) recent.add(m.uid());
        else toClaim.put(m.uid(), m.flags());
      }
      knownModseq = Math.max(knownModseq, m.modseq());
    }
    recent.addAll(store.messages().claimRecent(id, toClaim));
    knownModseq = Math.max(knownModseq, modseq);
    highestModseq = knownModseq;
    reportedExists = uids.size();
    reportedRecent = recent.size();
    eventsVersion = version;
    lastPoll = System.nanoTime();
  }

  private MessageInfo visible(MessageInfo m) {
    for (String f : m.flags()) {
      if (!f.startsWith("\\") && keywords.add(f)) keywordsChanged = true;
    }
    return new MessageInfo(m.uid(), m.modseq(), Flags.visible(m.flags()), m.internalDate(), m.size());
  }

  int size() {
    return uids.size();
  }

  int recentCount() {
    return recent.size();
  }

  long highestModseq() {
    return highestModseq;
  }

  boolean deleted() {
    return deleted;
  }

  long uid(int seq) {
    return uids.get(seq - 1);
  }

  MessageInfo message(long uid) {
    return messages.get(uid);
  }

  boolean isRecent(long uid) {
    return recent.contains(uid);
  }

  boolean isGone(long uid) {
    return gone.contains(uid);
  }

  /** 1-based sequence number of a UID in this view, or 0. */
  int seq(long uid) {
    int i = Collections.binarySearch(uids, uid);
    return i >= 0 ? i + 1 : 0;
  }

  long lastUid() {
    return uids.isEmpty() ? 0 : uids.get(uids.size() - 1);
  }

  /**
   * The sequence numbers a set designates, ascending. Message numbers must exist (BAD
   * otherwise, RFC 9051 §6.4.8); UID ranges select the UIDs present, with {@code *} the largest.
   */
  List<Integer> resolve(SequenceSet set, boolean byUid) throws ImapException {
    if (set.saved()) {
      // $ (RFC 5182): the saved UIDs, whatever the command's numbering; none once expunged
      if (set == SequenceSet.SAVED) set = SequenceSet.ofUids(List.copyOf(savedResult));
      byUid = true;
    }
    BitSet hits = new BitSet(uids.size() + 1);
    int n = uids.size();
    for (long[] r : set.ranges()) {
      if (byUid) {
        long max = lastUid();
        long a = r[0] == SequenceSet.STAR ? max : r[0];
        long b = r[1] == SequenceSet.STAR ? max : r[1];
        long lo = Math.min(a, b);
        long hi = Math.max(a, b);
        int i = Collections.binarySearch(uids, lo);
        if (i < 0) i = -i - 1;
        for (; i < n && uids.get(i) <= hi; i++) hits.set(i + 1);
      } else {
        if (n == 0) throw ImapException.bad("No messages in the mailbox");
        long a = r[0] == SequenceSet.STAR ? n : r[0];
        long b = r[1] == SequenceSet.STAR ? n : r[1];
        if (a > n || b > n) throw ImapException.bad("Invalid message sequence number");
        hits.set((int) Math.min(a, b), (int) Math.max(a, b) + 1);
      }
    }
    List<Integer> out = new ArrayList<>(hits.cardinality());
    for (int i = hits.nextSetBit(1); i >= 0; i = hits.nextSetBit(i + 1)) out.add(i);
    return out;
  }

  /** Whether the store should be asked for changes now. */
  boolean stale(MailboxEvents events, boolean force, long pollNanos) {
    return force || events.version(id) != eventsVersion || System.nanoTime() - lastPoll > pollNanos;
  }

  /** Reads the changes since the last look from the store into the pending state. */
  void refresh(MailStore store, MailboxEvents events) {
    eventsVersion = events.version(id);
    lastPoll = System.nanoTime();
    Mailboxes.Counters c = store.mailboxes().counters(id);
    if (c == null || c.uidValidity() != uidValidity) {
      deleted = true;
      return;
    }
    if (c.highestModseq() == knownModseq) return;
    long max = c.highestModseq();
    List<MessageInfo> changed = store.messages().changedSince(id, knownModseq);
    for (long uid : store.messages().expungedSince(id, knownModseq)) {
      if (messages.containsKey(uid)) gone.add(uid);
    }
    Map<Long, Set<String>> toClaim = new LinkedHashMap<>();
    long last = lastUid();
    for (MessageInfo m : changed) {
      max = Math.max(max, m.modseq());
      MessageInfo v = visible(m);
      MessageInfo old = messages.get(m.uid());
      if (old != null) {
        if (!old.flags().equals(v.flags()) && !gone.contains(m.uid())) flagsChanged.add(m.uid());
        messages.put(m.uid(), v);
      } else if (m.uid() > last) {
        uids.add(m.uid());
        messages.put(m.uid(), v);
        last = m.uid();
        if (appendedHere.remove(m.uid())) recent.add(m.uid());
        else if (m.flags().contains(Flags.RECENT) && readOnly) recent.add(m.uid());
        else if (m.flags().contains(Flags.RECENT)) toClaim.put(m.uid(), m.flags());
      }
    }
    recent.addAll(store.messages().claimRecent(id, toClaim));
    knownModseq = max;
    highestModseq = Math.max(highestModseq, max);
  }

  /**
   * After the session's own write at {@code modseq} (flags, expunge or append, already applied to
   * this view): if nobody else changed the mailbox meanwhile, there is nothing to ask the store.
   * The view then knows every change up to {@code modseq} when that directly follows what it knew
   * (modseqs are taken one by one under the mailbox's row lock, so no other write lies between);
   * the version check covers writers of this server, the modseq check those of other nodes.
   */
  void ownChange(MailboxEvents events, long versionBefore, long modseq) {
    if (modseq == knownModseq + 1) knownModseq = modseq;
    highestModseq = Math.max(highestModseq, modseq);
    if (eventsVersion == versionBefore && events.version(id) == versionBefore + 1) eventsVersion = versionBefore + 1;
  }

  /**
   * A message this session appended to its own selected mailbox: recent to this session. When no
   * other write came between, it joins the view at once (EXISTS without asking the store);
   * otherwise the next refresh brings it with the others' changes.
   */
  void ownAppend(MessageInfo m, MailboxEvents events, long versionBefore) {
    if (m.modseq() == knownModseq + 1 && m.uid() > lastUid()) {
      uids.add(m.uid());
      messages.put(m.uid(), visible(m));
      recent.add(m.uid());
      ownChange(events, versionBefore, m.modseq());
    } else {
      appendedHere.add(m.uid());
    }
  }

  private final Set<Long> appendedHere = new HashSet<>();

  /** Records the session's own flag change (already reported by its STORE or FETCH). */
  void ownFlags(MessageInfo m) {
    if (!messages.containsKey(m.uid())) return;
    messages.put(m.uid(), visible(m));
    flagsChanged.remove(m.uid());
    highestModseq = Math.max(highestModseq, m.modseq());
  }

  /** Records the session's own expunge; reported with the other pending ones. */
  void ownExpunge(List<Long> removed) {
    for (long uid : removed) if (messages.containsKey(uid)) gone.add(uid);
  }

  /**
   * Writes the pending updates: EXPUNGE (or VANISHED with QRESYNC) when allowed, then EXISTS and
   * RECENT, then FETCH for flags changed by others. The client's count moves only through these
   * responses (RFC 9051 §7.5.1): each EXPUNGE lowers the count it was told, and a message it was
   * never told about (beyond that count) leaves the view without a word, so that the EXISTS
   * that follows gives the count of the view and no number ever names an unannounced message.
   */
  void writeUpdates(ImapSession session, boolean expungeAllowed) throws IOException {
    if (expungeAllowed && !gone.isEmpty()) {
      List<Long> desc = new ArrayList<>(gone);
      Collections.reverse(desc);
      List<Long> vanished = new ArrayList<>();
      for (long uid : desc) {
        int seq = seq(uid);
        removeFromView(uid);
        if (seq == 0 || seq > reportedExists) continue; // never announced
        reportedExists--;
        if (session.qresync()) vanished.add(uid);
        else session.untagged(seq + " EXPUNGE");
      }
      gone.clear();
      if (!vanished.isEmpty()) {
        Collections.reverse(vanished);
        session.untagged("VANISHED " + SequenceSet.format(vanished));
      }
    }
    writeNewKeywords(session);
    if (uids.size() != reportedExists) {
      session.untagged(uids.size() + " EXISTS");
      reportedExists = uids.size();
    }
    if (recent.size() != reportedRecent && !session.rev2()) {
      session.untagged(recent.size() + " RECENT");
      reportedRecent = recent.size();
    }
    if (!flagsChanged.isEmpty()) {
      for (long uid : flagsChanged) {
        int seq = seq(uid);
        MessageInfo m = messages.get(uid);
        if (seq == 0 || m == null || gone.contains(uid)) continue;
        session.untagged(seq + " FETCH (UID " + uid + " FLAGS " + Flags.format(m.flags(), recent.contains(uid))
            + (session.condstore() ? " MODSEQ (" + m.modseq() + ")" : "") + ")");
      }
      flagsChanged.clear();
    }
  }

  private void removeFromView(long uid) {
    savedResult.remove(uid);
    int i = Collections.binarySearch(uids, uid);
    if (i >= 0) uids.remove(i);
    messages.remove(uid);
    recent.remove(uid);
    flagsChanged.remove(uid);
  }

  /**
   * Writes FLAGS and PERMANENTFLAGS (RFC 9051 §7.3.5, §7.1): at SELECT, and again before a
   * response uses a keyword the client has not been told of yet (set by this session's STORE or
   * another's), so that the client records it first.
   */
  void writeFlags(ImapSession session) throws IOException {
    StringBuilder flags = new StringBuilder("\\Answered \\Flagged \\Deleted \\Seen \\Draft");
    for (String k : keywords) flags.append(' ').append(k);
    session.untagged("FLAGS (" + flags + ")");
    session.untagged("OK [PERMANENTFLAGS (" + (readOnly ? "" : flags + " \\*") + ")] Flags permitted");
    keywordsChanged = false;
  }

  /** {@link #writeFlags} if a keyword came into use since the client was last told. */
  void writeNewKeywords(ImapSession session) throws IOException {
    if (keywordsChanged) writeFlags(session);
  }

  private final Set<Long> seenJustSet = new HashSet<>();

  /** Messages whose \Seen flag the current FETCH set (their FLAGS go into its response). */
  boolean seenJustSet(long uid) {
    return seenJustSet.contains(uid);
  }

  void seenJustSet(long uid, boolean set) {
    if (set) seenJustSet.add(uid);
    else seenJustSet.remove(uid);
  }

  void clearSeenJustSet() {
    seenJustSet.clear();
  }

  private final Set<Long> savedResult = new TreeSet<>();

  /** Saves a search result (SEARCH RETURN (SAVE)) as UIDs. */
  void saveResult(List<Long> uids) {
    savedResult.clear();
    savedResult.addAll(uids);
  }

  /** The saved result as a UID set, for {@code $} in UID EXPUNGE and SEARCH. */
  SequenceSet savedSet() {
    return SequenceSet.ofUids(List.copyOf(savedResult));
  }

  List<Long> uids() {
    return Collections.unmodifiableList(uids);
  }
}
