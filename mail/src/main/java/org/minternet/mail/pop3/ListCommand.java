package org.minternet.mail.pop3;

import java.util.ArrayList;
import java.util.List;
import org.minternet.core.line.Command;
import org.minternet.core.line.ProtocolException;

/** LIST [msg] (RFC 1939 §5): scan listings of one or every live message. */
final class ListCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException, ProtocolException {
    Maildrop m = s.maildrop;
    if (!args.isBlank()) {
      int n = Login.number(args.trim());
      s.reply(Pop3Reply.ok(n + " " + m.get(n).size()));
      return;
    }
    List<String> lines = new ArrayList<>();
    for (int n = 1; n <= m.size(); n++) if (!m.isDeleted(n)) lines.add(n + " " + m.get(n).size());
    s.reply(Pop3Reply.multi(m.liveCount() + " messages (" + m.liveOctets() + " octets)", lines));
  }
}
