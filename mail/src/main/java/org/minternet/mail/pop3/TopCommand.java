package org.minternet.mail.pop3;

import org.minternet.core.line.Command;
import org.minternet.core.line.ProtocolException;

/** TOP msg n (RFC 1939 §7): the header, the empty line and the first n body lines. */
final class TopCommand implements Command<Pop3Session> {
  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException, ProtocolException {
    String[] parts = args.trim().split(" +");
    if (parts.length != 2) throw Pop3Reply.err("Syntax: TOP msg n").error();
    int n = Login.number(parts[0]);
    if (!parts[1].matches("[0-9]{1,9}")) throw Pop3Reply.err("Invalid line count").error();
    int lines = Integer.parseInt(parts[1]);
    Maildrop.Entry e = s.maildrop.get(n);
    byte[] content = s.config.store().messages().content(s.maildrop.mailbox.id(), e.uid())
        .orElseThrow(() -> Pop3Reply.err("SYS/TEMP", "Message " + n + " was removed by another client").error());
    RetrCommand.send(s, "Top of message follows", content, lines);
  }
}
