package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Set;

/** ID (RFC 2971): the client's fields are read and bounded; the server names itself. */
final class IdCommand implements ImapCommand {
  @Override
  public Set<ImapState> states() {
    return ANY;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.sp();
    if (r.consume('(')) {
      int n = 0;
      while (!r.consume(')')) {
        if (n > 0) r.sp();
        r.string();
        r.sp();
        r.nstring();
        if (++n > 30) throw ImapException.bad("Too many ID fields");
      }
    } else {
      r.nstring();
    }
    r.end();
    s.untagged("ID (\"name\" \"Minternet\" \"vendor\" \"Minternet\")");
    return "ID completed";
  }
}
