package org.minternet.mail.imap;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * One IMAP command: the states it is valid in (checked once, by the session) and its execution,
 * which parses its own arguments from the request reader following the RFC grammar and returns
 * the text of the tagged {@code OK}. Failures are thrown as {@link ImapException}.
 */
interface ImapCommand {
  Set<ImapState> ANY = EnumSet.of(ImapState.NOT_AUTHENTICATED, ImapState.AUTHENTICATED, ImapState.SELECTED);
  Set<ImapState> NOT_AUTHENTICATED = EnumSet.of(ImapState.NOT_AUTHENTICATED);
  Set<ImapState> AUTHENTICATED = EnumSet.of(ImapState.AUTHENTICATED, ImapState.SELECTED);
  Set<ImapState> SELECTED = EnumSet.of(ImapState.SELECTED);

  Set<ImapState> states();

  String execute(ImapSession session, ImapRequestReader request, String tag) throws ImapException, IOException;

  /** Commands that also have a UID form (RFC 9051 §6.4.9). */
  interface UidCapable extends ImapCommand {
    String execute(ImapSession session, ImapRequestReader request, String tag, boolean uid)
        throws ImapException, IOException;

    @Override
    default String execute(ImapSession session, ImapRequestReader request, String tag)
        throws ImapException, IOException {
      return execute(session, request, tag, false);
    }
  }
}
