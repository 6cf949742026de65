package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Set;

/**
 * CREATE (RFC 9051 §6.3.4) with the superior levels created as needed, and the USE parameter of
 * RFC 6154 §3 ({@code CREATE Archive (USE (\Archive))}).
 */
final class CreateCommand implements ImapCommand {
  static final Set<String> SPECIAL_USE = Set.of("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk",
      "\\Sent", "\\Trash");
  /** Most mailboxes one user may have. */
  static final int MAX_MAILBOXES = 1000;

  @Override
  public Set<ImapState> states() {
    return AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.sp();
    String name = MailboxNames.validateNew(s.mailboxName());
    String use = null;
    if (r.consume(' ')) {
      r.expect('(');
      if (!r.keyword().equals("USE")) throw ImapException.bad("Unknown CREATE parameter");
      r.sp();
      java.util.List<String> uses = r.flagList();
      r.expect(')');
      if (uses.size() > 1) throw ImapException.no("USEATTR", "One special use per mailbox");
      if (!uses.isEmpty()) {
        use = null;
        for (String u : SPECIAL_USE) if (u.equalsIgnoreCase(uses.get(0))) use = u;
        if (use == null) throw ImapException.no("USEATTR", "Unsupported special use");
      }
    }
    r.end();
    if (name.equals("INBOX")) throw ImapException.no("ALREADYEXISTS", "INBOX always exists");
    if (s.mail().mailboxes().get(s.user().id(), name).isPresent()) {
      throw ImapException.no("ALREADYEXISTS", "Mailbox exists");
    }
    if (s.mail().mailboxes().list(s.user().id()).size() >= MAX_MAILBOXES) {
      throw ImapException.no("LIMIT", "Too many mailboxes");
    }
    int slash = -1;
    while ((slash = name.indexOf('/', slash + 1)) > 0) {
      String parent = name.substring(0, slash);
      if (s.mail().mailboxes().get(s.user().id(), parent).isEmpty()) s.mail().mailboxes().create(s.user().id(), parent, null);
    }
    s.mail().mailboxes().create(s.user().id(), name, use);
    return "CREATE completed";
  }
}
