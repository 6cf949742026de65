package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Set;

/** CAPABILITY (RFC 9051 §6.1.1): what this server offers in the current state. */
final class CapabilityCommand implements ImapCommand {
  @Override
  public Set<ImapState> states() {
    return ANY;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.end();
    s.untagged("CAPABILITY " + s.capabilities());
    return "CAPABILITY completed";
  }
}
