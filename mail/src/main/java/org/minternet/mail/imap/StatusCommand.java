package org.minternet.mail.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.minternet.mail.store.Mailbox;
import org.minternet.mail.store.Mailboxes;
import org.minternet.mail.store.Messages;

/** STATUS (RFC 9051 §6.3.11) with SIZE (RFC 8438), HIGHESTMODSEQ (RFC 7162) and APPENDLIMIT. */
final class StatusCommand implements ImapCommand {
  static final Set<String> ITEMS = Set.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED",
      "SIZE", "HIGHESTMODSEQ", "APPENDLIMIT");

  @Override
  public Set<ImapState> states() {
    return AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.sp();
    String name = s.mailboxName();
    r.sp();
    List<String> items = items(r);
    r.end();
    Mailbox mb = s.mailbox(name);
    s.untagged(line(s, mb, items));
    return "STATUS completed";
  }

  static List<String> items(ImapRequestReader r) throws ImapException {
    r.expect('(');
    List<String> items = new ArrayList<>();
    while (!r.consume(')')) {
      if (!items.isEmpty()) r.sp();
      String item = r.keyword();
      if (!ITEMS.contains(item)) throw ImapException.bad("Unknown STATUS item");
      items.add(item);
      if (items.size() > 20) throw ImapException.bad("Too many items");
    }
    return items;
  }

  static String line(ImapSession s, Mailbox mb, List<String> items) {
    Messages.StatusCounts c = s.mail().messages().status(mb.id());
    Mailboxes.Counters counters = s.mail().mailboxes().counters(mb.id());
    StringBuilder sb = new StringBuilder("STATUS ").append(s.quoteName(mb.name())).append(" (");
    for (String item : items) {
      if (sb.charAt(sb.length() - 1) != '(') sb.append(' ');
      sb.append(item).append(' ').append(switch (item) {
        case "MESSAGES" -> c.messages();
        case "RECENT" -> c.recent();
        case "UIDNEXT" -> counters.uidNext();
        case "UIDVALIDITY" -> counters.uidValidity();
        case "UNSEEN" -> c.unseen();
        case "DELETED" -> c.deleted();
        case "SIZE" -> c.size();
        case "HIGHESTMODSEQ" -> counters.highestModseq();
        default -> s.config().maxAppendSize();
      });
    }
    return sb.append(')').toString();
  }
}
