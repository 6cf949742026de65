package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Set;

/** LOGOUT (RFC 9051 §6.1.3). */
final class LogoutCommand implements ImapCommand {
  @Override
  public Set<ImapState> states() {
    return ANY;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.end();
    s.untagged("BYE Logging out");
    s.state(ImapState.LOGOUT);
    return "LOGOUT completed";
  }
}
