package org.minternet.mail.pop3;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.minternet.core.line.Command;
import org.minternet.core.store.StoreException;

/**
 * QUIT (RFC 1939 §6): in TRANSACTION enters UPDATE and removes the messages marked deleted, in
 * one store transaction. A connection that ends any other way deletes nothing.
 */
final class QuitCommand implements Command<Pop3Session> {
  private static final Logger LOG = System.getLogger(QuitCommand.class.getName());

  @Override
  public void execute(Pop3Session s, String args) throws java.io.IOException {
    if (s.state() != Pop3State.TRANSACTION) {
      s.reply(Pop3Reply.ok(s.config.hostname() + " POP3 server signing off").closing());
      return;
    }
    try {
      int removed = s.config.store().messages().expunge(s.maildrop.mailbox.id(), s.maildrop.deletedUids()).removed().size();
      // released before the reply, so a client that reconnects at once finds the maildrop free
      s.locks.unlock(s.user.id(), s);
      s.reply(Pop3Reply.ok(s.config.hostname() + " POP3 server signing off (" + removed + " messages deleted)")
          .closing());
    } catch (StoreException e) {
      LOG.log(Level.ERROR, "POP3 update failed", e);
      s.reply(Pop3Reply.err("SYS/TEMP", "Some deleted messages not removed").closing());
    }
  }
}
