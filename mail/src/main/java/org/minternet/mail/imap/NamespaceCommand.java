package org.minternet.mail.imap;

import java.io.IOException;
import java.util.Set;

/** NAMESPACE (RFC 2342): one personal namespace with the "/" delimiter, nothing shared. */
final class NamespaceCommand implements ImapCommand {
  @Override
  public Set<ImapState> states() {
    return AUTHENTICATED;
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    r.end();
    s.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
    return "NAMESPACE completed";
  }
}
