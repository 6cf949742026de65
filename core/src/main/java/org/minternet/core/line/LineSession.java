package org.minternet.core.line;

import java.io.IOException;
import java.util.Objects;
import org.minternet.core.net.Connection;

/**
 * The state of one line-protocol conversation. Protocols extend it with their own fields; the
 * state itself is an enum, checked by the {@link CommandLoop} before each command.
 */
public class LineSession<E extends Enum<E>> {
  private final Connection connection;
  private E state;
  private boolean closing;

  protected LineSession(Connection connection, E initial) {
    this.connection = Objects.requireNonNull(connection);
    this.state = Objects.requireNonNull(initial);
  }

  public Connection connection() {
    return connection;
  }

  public E state() {
    return state;
  }

  public void state(E next) {
    this.state = Objects.requireNonNull(next);
  }

  /** Writes and flushes a reply; marks the session closing if the reply closes it. */
  public void reply(Reply reply) throws IOException {
    for (String line : reply.lines()) connection.writeLine(line);
    connection.flush();
    if (reply.closesConnection()) closing = true;
  }

  /** Asks the loop to end after the current command. */
  public void close() {
    closing = true;
  }

  public boolean isClosing() {
    return closing;
  }
}
