package org.minternet.mail.imap;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.minternet.mail.store.Mailbox;
import org.minternet.mail.store.MessageInfo;
import org.minternet.mail.store.Messages;

/**
 * APPEND (RFC 9051 §6.3.12) with flags and internal date, synchronising or LITERAL+ literals
 * (and {@code ~{n}} literal8), answered with APPENDUID (RFC 4315). The size is checked against
 * the APPENDLIMIT before the literal is read; a missing mailbox is reported with TRYCREATE
 * before a synchronising literal is requested.
 */
final class AppendCommand implements ImapCommand {
  @Override
  public Set<ImapState> states() {
    return AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.sp();
    String name = s.mailboxName();
    r.sp();
    Set<String> flags = new TreeSet<>();
    if (r.peek() == '(') {
      for (String f : r.flagList()) {
        if (!f.equals(Flags.RECENT)) flags.add(f);
      }
      r.sp();
    }
    Instant date = Instant.now();
    if (r.peek() == '"') {
      date = r.dateTime().toInstant();
      r.sp();
    }
    if (r.peek() == 'U' || r.peek() == 'u') {
      // RFC 6855 §4: APPEND ... UTF8 (~{n}) — same bytes, in parentheses
      if (!r.keyword().equals("UTF8")) throw ImapException.bad("Expected literal");
      r.sp();
      r.expect('(');
      byte[] content = r.literal8(s.config().maxAppendSize());
      r.expect(')');
      r.end();
      return store(s, mailbox(s, name), content, flags, date);
    }
    if (!r.atLiteral()) throw ImapException.bad("Expected literal");
    // a refused LITERAL+ literal is skipped by the session (or the connection closed if large)
    Mailbox mb = mailbox(s, name);
    byte[] content = r.literal8(s.config().maxAppendSize());
    r.end();
    return store(s, mb, content, flags, date);
  }

  private static Mailbox mailbox(ImapSession s, String name) throws ImapException {
    return s.mail().mailboxes().get(s.user().id(), name)
        .orElseThrow(() -> ImapException.no("TRYCREATE", "No such mailbox"));
  }

  private static String store(ImapSession s, Mailbox mb, byte[] content, Set<String> flags, Instant date)
      throws ImapException {
    if (content.length == 0) throw ImapException.no("Empty message");
    Set<String> stored = new TreeSet<>(flags);
    SelectedMailbox view = s.selected();
    boolean here = view != null && view.id == mb.id() && !view.readOnly;
    // recent to exactly one session: this one if it has the mailbox selected, else the next to look
    if (!here) stored.add(Flags.RECENT);
    long version = s.events().version(mb.id());
    Messages.Appended appended = s.mail().messages().append(mb.id(), content, stored, date);
    if (here) {
      view.ownAppend(new MessageInfo(appended.uid(), appended.modseq(), stored, date, content.length), s.events(),
          version);
    }
    return "[APPENDUID " + mb.uidValidity() + " " + appended.uid() + "] APPEND completed";
  }
}
