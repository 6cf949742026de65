package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Set;

/** NOOP (RFC 9051 §6.1.2) and CHECK (RFC 3501 §6.4.1): both report the mailbox's changes. */
final class NoopCommand implements ImapCommand {
  private final boolean check;

  NoopCommand(boolean check) {
    this.check = check;
  }

  @Override
  public Set<ImapState> states() {
    return check ? SELECTED : ANY;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.end();
    s.writeUpdates(true);
    return check ? "CHECK completed" : "NOOP completed";
  }
}
