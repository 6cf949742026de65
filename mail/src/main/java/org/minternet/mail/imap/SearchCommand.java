package org.minternet.mail.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.minternet.mail.message.MessageHeader;
import org.minternet.mail.message.MimePart;
import org.minternet.mail.store.MessageInfo;

/**
 * SEARCH and UID SEARCH (RFC 9051 §6.4.4) with every search key of IMAP4rev1/rev2, MODSEQ (RFC
 * 7162 §3.1.5), CHARSET UTF-8 / US-ASCII, and the ESEARCH return options MIN, MAX, ALL, COUNT
 * (RFC 4731; the rev2 default once IMAP4rev2 is enabled). Nesting of parentheses, NOT and OR is
 * bounded by {@link ImapRequestReader#MAX_NESTING}.
 */
final class SearchCommand implements ImapCommand.UidCapable {
  static final int MAX_KEYS = 200;

  @Override
  public Set<ImapState> states() {
    return SELECTED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag, boolean uid)
      throws ImapException, IOException {
    if (!uid) s.forbidExpunge();
    r.sp();
    Set<String> returns = null;
    if (r.peek() == 'R' || r.peek() == 'r') {
      // RETURN is not a search key, so the word decides
      String w = peekWord(r);
      if (w.equals("RETURN")) {
        r.keyword();
        r.sp();
        r.expect('(');
        returns = new LinkedHashSet<>();
        while (!r.consume(')')) {
          String opt = r.keyword();
          if (!Set.of("MIN", "MAX", "ALL", "COUNT", "SAVE").contains(opt)) {
            throw ImapException.bad("Unknown RETURN option");
          }
          returns.add(opt);
          r.consume(' ');
        }
        if (returns.isEmpty()) returns.add("ALL");
        r.sp();
      }
    }
    if (peekWord(r).equals("CHARSET")) {
      r.keyword();
      r.sp();
      String cs = r.astring();
      if (!cs.equalsIgnoreCase("UTF-8") && !cs.equalsIgnoreCase("US-ASCII")) {
        throw ImapException.no("BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
      }
      r.sp();
    }
    Parser p = new Parser(r, s.selected());
    List<SearchKey> keys = new ArrayList<>();
    keys.add(p.key(0));
    while (r.consume(' ')) keys.add(p.key(0));
    r.end();
    if (p.usedModseq) s.enableCondstore();
    if (returns == null && s.rev2()) returns = Set.of("ALL");
    SearchKey key = keys.size() == 1 ? keys.get(0) : SearchKey.all(keys);

    SelectedMailbox view = s.selected();
    List<Integer> hits = new ArrayList<>();
    long maxModseq = 0;
    int n = view.size();
    long maxUid = view.lastUid();
    java.util.Map<Long, byte[]> contents = java.util.Map.of();
    List<List<Long>> batches = key.needsContent()
        ? MessageCache.batches(view.uids(), u -> view.message(u) == null ? 0 : view.message(u).size()) : List.of();
    int batch = 0;
    int batchEnd = 0;
    for (int seq = 1; seq <= n; seq++) {
      long u = view.uid(seq);
      MessageInfo m = view.message(u);
      if (key.needsContent() && seq > batchEnd) {
        List<Long> next = batches.get(batch++);
        contents = s.cache().contents(view.id, next);
        batchEnd += next.size();
      }
      if (m == null) continue;
      Candidate c = new Candidate(s, view, seq, u, m, n, maxUid, contents.get(u));
      if (key.matches(c)) {
        hits.add(seq);
        maxModseq = Math.max(maxModseq, m.modseq());
      }
    }
    List<Long> results = new ArrayList<>();
    for (int seq : hits) results.add(uid ? view.uid(seq) : seq);
    if (returns != null && returns.contains("SAVE")) {
      List<Long> saved = new ArrayList<>();
      for (int seq : hits) saved.add(view.uid(seq));
      view.saveResult(saved);
      // RFC 5182 §2.4: with SAVE alone there is no ESEARCH response
      if (returns.size() == 1) return "SEARCH completed, result saved";
      returns = new LinkedHashSet<>(returns);
      returns.remove("SAVE");
    }
    if (returns == null) {
      StringBuilder sb = new StringBuilder("SEARCH");
      for (long v : results) sb.append(' ').append(v);
      if (p.usedModseq && !results.isEmpty()) sb.append(" (MODSEQ ").append(maxModseq).append(')');
      s.untagged(sb.toString());
    } else {
      StringBuilder sb = new StringBuilder("ESEARCH (TAG ").append(quote(tag)).append(')');
      if (uid) sb.append(" UID");
      if (!results.isEmpty()) {
        if (returns.contains("MIN")) sb.append(" MIN ").append(results.get(0));
        if (returns.contains("MAX")) sb.append(" MAX ").append(results.get(results.size() - 1));
        if (returns.contains("ALL")) sb.append(" ALL ").append(SequenceSet.format(results));
      }
      if (returns.contains("COUNT")) sb.append(" COUNT ").append(results.size());
      if (p.usedModseq && !results.isEmpty()) {
        // RFC 4731 §3.2, RFC 7162 §3.1.5: with MIN/MAX alone, the modseq of the messages returned
        if (!returns.contains("ALL") && !returns.contains("COUNT")) {
          long min = view.message(view.uid(hits.get(0))).modseq();
          long max = view.message(view.uid(hits.get(hits.size() - 1))).modseq();
          maxModseq = !returns.contains("MAX") ? min : !returns.contains("MIN") ? max : Math.max(min, max);
        }
        sb.append(" MODSEQ ").append(maxModseq);
      }
      s.untagged(sb.toString());
    }
    return "SEARCH completed";
  }

  private static String quote(String tag) {
    return "\"" + tag.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The next word upper-cased without consuming it (empty if none). */
  private static String peekWord(ImapRequestReader r) {
    return r.peekWord();
  }

  /** A message under test; its content is read once, on first need. */
  private static final class Candidate implements SearchKey.Candidate {
    private final ImapSession session;
    private final SelectedMailbox view;
    private final int seq;
    private final long uid;
    private final MessageInfo info;
    private final int maxSeq;
    private final long maxUid;
    private MimePart message;
    private boolean loaded;

    private final byte[] prefetched;

    Candidate(ImapSession session, SelectedMailbox view, int seq, long uid, MessageInfo info, int maxSeq,
        long maxUid, byte[] prefetched) {
      this.prefetched = prefetched;
      this.session = session;
      this.view = view;
      this.seq = seq;
      this.uid = uid;
      this.info = info;
      this.maxSeq = maxSeq;
      this.maxUid = maxUid;
    }

    @Override
    public int seq() {
      return seq;
    }

    @Override
    public long uid() {
      return uid;
    }

    @Override
    public MessageInfo info() {
      return info;
    }

    @Override
    public boolean recent() {
      return view.isRecent(uid);
    }

    @Override
    public int maxSeq() {
      return maxSeq;
    }

    @Override
    public long maxUid() {
      return maxUid;
    }

    private MessageHeader header;

    @Override
    public MessageHeader header() {
      if (message != null) return message.header();
      if (header == null) {
        byte[] b = bytes();
        if (b == null) return null;
        header = session.cache().parsed(view.id, uid, b, true).header();
      }
      return header;
    }

    private byte[] bytes() {
      if (prefetched != null) return prefetched;
      return session.mail().messages().content(view.id, uid).orElse(null);
    }

    @Override
    public MimePart message() {
      if (!loaded) {
        loaded = true;
        Optional<byte[]> b = prefetched != null ? Optional.of(prefetched)
            : session.mail().messages().content(view.id, uid);
        if (b.isPresent()) message = session.cache().parsed(view.id, uid, b.get(), false);
      }
      return message;
    }
  }

  /** The search-key grammar (RFC 9051 §9 {@code search-key}). */
  private static final class Parser {
    private final ImapRequestReader r;
    private final SelectedMailbox view;
    private int count;
    boolean usedModseq;

    Parser(ImapRequestReader r, SelectedMailbox view) {
      this.r = r;
      this.view = view;
    }

    SearchKey key(int depth) throws ImapException, IOException {
      if (depth > ImapRequestReader.MAX_NESTING) throw ImapException.bad("Search nested too deep");
      if (++count > MAX_KEYS) throw ImapException.bad("Too many search keys");
      if (r.consume('(')) {
        List<SearchKey> keys = new ArrayList<>();
        keys.add(key(depth + 1));
        while (r.consume(' ')) keys.add(key(depth + 1));
        r.expect(')');
        return SearchKey.all(keys);
      }
      int c = r.peek();
      if ((c >= '0' && c <= '9') || c == '*' || c == '$') {
        SequenceSet set = r.sequenceSet();
        return set.saved() ? SearchKey.uid(view.savedSet()) : SearchKey.sequence(set);
      }
      String k = r.keyword();
      switch (k) {
        case "ALL": return x -> true;
        case "ANSWERED": return SearchKey.flag("\\Answered", true);
        case "DELETED": return SearchKey.flag("\\Deleted", true);
        case "DRAFT": return SearchKey.flag("\\Draft", true);
        case "FLAGGED": return SearchKey.flag("\\Flagged", true);
        case "SEEN": return SearchKey.flag("\\Seen", true);
        case "UNANSWERED": return SearchKey.flag("\\Answered", false);
        case "UNDELETED": return SearchKey.flag("\\Deleted", false);
        case "UNDRAFT": return SearchKey.flag("\\Draft", false);
        case "UNFLAGGED": return SearchKey.flag("\\Flagged", false);
        case "UNSEEN": return SearchKey.flag("\\Seen", false);
        case "RECENT": return SearchKey.Candidate::recent;
        case "OLD": return x -> !x.recent();
        case "NEW": return x -> x.recent() && !Flags.has(x.info().flags(), "\\Seen");
        case "KEYWORD": r.sp(); return SearchKey.flag(r.atom(), true);
        case "UNKEYWORD": r.sp(); return SearchKey.flag(r.atom(), false);
        case "BCC", "CC", "FROM", "TO", "SUBJECT": {
          r.sp();
          return SearchKey.header(k, r.astring());
        }
        case "HEADER": {
          r.sp();
          String name = r.astring();
          r.sp();
          return SearchKey.header(name, r.astring());
        }
        case "BODY": r.sp(); return SearchKey.text(r.astring(), false);
        case "TEXT": r.sp(); return SearchKey.text(r.astring(), true);
        case "BEFORE": r.sp(); return SearchKey.internalDate(r.date(), -1);
        case "ON": r.sp(); return SearchKey.internalDate(r.date(), 0);
        case "SINCE": r.sp(); return SearchKey.internalDate(r.date(), 1);
        case "SENTBEFORE": r.sp(); return SearchKey.sentDate(r.date(), -1);
        case "SENTON": r.sp(); return SearchKey.sentDate(r.date(), 0);
        case "SENTSINCE": r.sp(); return SearchKey.sentDate(r.date(), 1);
        case "LARGER": r.sp(); return SearchKey.size(r.number(), true);
        case "SMALLER": r.sp(); return SearchKey.size(r.number(), false);
        case "UID": {
          r.sp();
          SequenceSet set = r.sequenceSet();
          return SearchKey.uid(set.saved() ? view.savedSet() : set);
        }
        case "NOT": r.sp(); return SearchKey.not(key(depth + 1));
        case "OR": {
          r.sp();
          SearchKey a = key(depth + 1);
          r.sp();
          return SearchKey.or(a, key(depth + 1));
        }
        case "MODSEQ": {
          r.sp();
          if (r.peek() == '"') {
            r.quoted();
            r.sp();
            String type = r.keyword();
            if (!Set.of("PRIV", "SHARED", "ALL").contains(type)) throw ImapException.bad("Invalid entry type");
            r.sp();
          }
          usedModseq = true;
          return SearchKey.modseq(r.number64());
        }
        default:
          throw ImapException.bad("Unknown search key");
      }
    }
  }
}
