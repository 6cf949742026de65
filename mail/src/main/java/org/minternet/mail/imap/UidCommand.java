package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** UID (RFC 9051 §6.4.9): FETCH, STORE, SEARCH, COPY, MOVE and EXPUNGE with UIDs. */
final class UidCommand implements ImapCommand {
  private static final Map<String, ImapCommand.UidCapable> FORMS = Map.of(
      "FETCH", new FetchCommand(), "STORE", new StoreCommand(), "SEARCH", new SearchCommand(),
      "COPY", new CopyCommand(false), "MOVE", new CopyCommand(true), "EXPUNGE", new ExpungeCommand());

  @Override
  public Set<ImapState> states() {
    return SELECTED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.sp();
    String name = r.keyword();
    ImapCommand.UidCapable c = FORMS.get(name);
    if (c == null) throw ImapException.bad("Unknown UID command");
    return c.execute(s, r, tag, true);
  }
}
