package org.minternet.core.line;

import org.minternet.core.net.Connection;

/**
 * What a line protocol supplies to the shared {@link CommandLoop}: its sessions, greeting, command
 * table and its own replies for the errors the loop detects.
 */
public interface LineProtocol<S extends LineSession<E>, E extends Enum<E>> {
  /** Protocol name for logs and the transcript ("smtp", "pop3", "ftp"). */
  String name();

  S newSession(Connection connection);

  /** The greeting, sent first; a closing greeting (e.g. SMTP 554) ends the session. */
  Reply greeting(S session);

  CommandTable<S, E> commands();

  /** Reply to a verb not in the table. */
  Reply unknownCommand(S session, String verb);

  /** Reply to a known verb sent in a state where it is not valid. */
  Reply badSequence(S session, String verb);

  /** Reply to a line longer than the limit. */
  Reply lineTooLong(S session);

  /** Reply to a line with a bad line end or undecodable bytes. */
  Reply malformedLine(S session);

  /** Reply sent before closing an idle connection (may be null to close silently). */
  Reply timeout(S session);

  /** Reply after an unexpected internal failure; the text must not reveal the failure. */
  Reply internalError(S session);

  /** Reply sent before closing after too many errors in a row. */
  Reply tooManyErrors(S session);

  /** Errors in a row after which the connection is closed. */
  default int maxErrors() {
    return 20;
  }

  /** Called once when the session ends, however it ends. */
  default void sessionEnded(S session) {}
}
