package org.minternet.core.line;

import java.io.IOException;

/**
 * One command of a line protocol: a small class per verb, registered in the protocol's {@link
 * CommandTable}. It runs only in the states it was registered for; the loop checks that once.
 *
 * @param <S> the protocol's session type
 */
@FunctionalInterface
public interface Command<S extends LineSession<?>> {
  /**
   * Executes the command. Replies are written through {@link LineSession#reply(Reply)}; errors are
   * thrown as {@link ProtocolException} carrying their reply.
   *
   * @param arguments the text after the verb and one space, or "" when there is none
   */
  void execute(S session, String arguments) throws IOException, ProtocolException;
}
