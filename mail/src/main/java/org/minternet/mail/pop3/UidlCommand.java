package org.minternet.mail.pop3;

import java.util.ArrayList;
import java.util.List;
import org.minternet.core.line.Command;
import org.minternet.core.line.ProtocolException;

/** UIDL [msg] (RFC 1939 §7): unique ids that stay the same across sessions. */
final class UidlCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException, ProtocolException {
    Maildrop m = s.maildrop;
    if (!args.isBlank()) {
      int n = Login.number(args.trim());
      s.reply(Pop3Reply.ok(n + " " + m.get(n).uniqueId()));
      return;
    }
    List<String> lines = new ArrayList<>();
    for (int n = 1; n <= m.size(); n++) if (!m.isDeleted(n)) lines.add(n + " " + m.get(n).uniqueId());
    s.reply(Pop3Reply.multi("Unique-ID listing follows", lines));
  }
}
