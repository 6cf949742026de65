package org.minternet.core.line;

import java.util.Objects;

/**
 * A typed protocol error that carries the reply to send. Commands throw it; the {@link
 * CommandLoop} sends the reply in one place (and closes the connection if the reply says so).
 * The message is for logs only and never reaches the peer.
 */
public class ProtocolException extends Exception {
  private final transient Reply reply;

  public ProtocolException(Reply reply) {
    super(reply.lines().isEmpty() ? "" : reply.lines().get(0), null, false, false);
    this.reply = Objects.requireNonNull(reply);
  }

  public Reply reply() {
    return reply;
  }
}
