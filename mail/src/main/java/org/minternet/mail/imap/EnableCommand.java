package org.minternet.mail.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** ENABLE (RFC 5161): CONDSTORE, QRESYNC (which implies CONDSTORE), IMAP4rev2, UTF8=ACCEPT. */
final class EnableCommand implements ImapCommand {
  private static final Set<String> KNOWN = Set.of("CONDSTORE", "QRESYNC", "IMAP4REV2", "UTF8=ACCEPT");

  @Override
  public Set<ImapState> states() {
    return java.util.EnumSet.of(ImapState.AUTHENTICATED); // RFC 5161 §3.1: not once a mailbox is selected
  }

  @Override
  public String execute(ImapSession s, ImapRequestReader r, String tag) throws ImapException, IOException {
    List<String> done = new ArrayList<>();
    r.sp();
    do {
      String cap = r.keyword();
      if (KNOWN.contains(cap) && s.enabled().add(cap)) {
        done.add(cap.equals("IMAP4REV2") ? "IMAP4rev2" : cap);
        if (cap.equals("QRESYNC") && s.enabled().add("CONDSTORE")) done.add("CONDSTORE");
      }
    } while (r.consume(' '));
    r.end();
    s.untagged("ENABLED" + (done.isEmpty() ? "" : " " + String.join(" ", done)));
    return "ENABLE completed";
  }
}
