package org.minternet.core.line;

import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import org.minternet.core.io.LineTooLongException;
import org.minternet.core.io.MalformedLineException;
import org.minternet.core.net.Connection;
import org.minternet.core.net.ConnectionHandler;

/**
 * The command loop of every line protocol, written once: greeting, then read a line, split the
 * verb, look it up, check the session state, execute, send typed errors — until the session
 * closes, the peer leaves, times out or sends too many bad commands.
 *
 * <p>The loop never sends exception text to the peer: failures map to the protocol's own replies.
 */
public final class CommandLoop<S extends LineSession<E>, E extends Enum<E>> implements ConnectionHandler {
  private static final Logger LOG = System.getLogger(CommandLoop.class.getName());

  private final LineProtocol<S, E> protocol;

  public CommandLoop(LineProtocol<S, E> protocol) {
    this.protocol = protocol;
  }

  @Override
  public void handle(Connection connection) throws IOException {
    S session = protocol.newSession(connection);
    try {
      session.reply(protocol.greeting(session));
      int errors = 0;
      while (!session.isClosing()) {
        String line;
        try {
          line = connection.readLine();
        } catch (LineTooLongException e) {
          session.reply(protocol.lineTooLong(session));
          if (!e.recovered()) return;
          if (++errors >= protocol.maxErrors()) {
            session.reply(protocol.tooManyErrors(session));
            return;
          }
          continue;
        } catch (MalformedLineException e) {
          session.reply(protocol.malformedLine(session));
          if (++errors >= protocol.maxErrors()) {
            session.reply(protocol.tooManyErrors(session));
            return;
          }
          continue;
        } catch (SocketTimeoutException e) {
          Reply r = protocol.timeout(session);
          if (r != null) session.reply(r);
          return;
        } catch (EOFException e) {
          return;
        }
        if (line == null) return;
        int space = line.indexOf(' ');
        String verb = space < 0 ? line : line.substring(0, space);
        String args = space < 0 ? "" : line.substring(space + 1);
        CommandTable.Entry<S, E> entry = verb.isEmpty() ? null : protocol.commands().get(verb);
        boolean ok;
        if (entry == null) {
          session.reply(protocol.unknownCommand(session, verb));
          ok = false;
        } else if (!entry.validIn(session.state())) {
          session.reply(protocol.badSequence(session, entry.verb()));
          ok = false;
        } else {
          ok = execute(session, entry, args);
        }
        errors = ok ? 0 : errors + 1;
        if (errors >= protocol.maxErrors() && !session.isClosing()) {
          session.reply(protocol.tooManyErrors(session));
          return;
        }
      }
    } finally {
      try {
        protocol.sessionEnded(session);
      } catch (RuntimeException e) {
        LOG.log(Level.ERROR, protocol.name() + ": session cleanup failed", e);
      }
    }
  }

  private boolean execute(S session, CommandTable.Entry<S, E> entry, String args) throws IOException {
    try {
      entry.command().execute(session, args);
      return true;
    } catch (ProtocolException e) {
      session.reply(e.reply());
      return false;
    } catch (SocketTimeoutException e) {
      Reply r = protocol.timeout(session);
      if (r != null) session.reply(r);
      session.close();
      return false;
    } catch (LineTooLongException e) {
      session.reply(protocol.lineTooLong(session));
      if (!e.recovered()) session.close();
      return false;
    } catch (MalformedLineException e) {
      session.reply(protocol.malformedLine(session));
      return false;
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, protocol.name() + ": " + entry.verb() + " failed", e);
      session.reply(protocol.internalError(session));
      session.close();
      return false;
    }
  }
}
