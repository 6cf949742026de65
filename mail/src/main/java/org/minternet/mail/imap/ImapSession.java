package org.minternet.mail.imap;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import org.minternet.core.io.LineTooLongException;
import org.minternet.core.io.MalformedLineException;
import org.minternet.core.net.Connection;
import org.minternet.mail.store.MailStore;
import org.minternet.mail.store.MailUser;
import org.minternet.mail.store.Mailbox;

/**
 * One IMAP connection: reads tagged commands, checks each command's state in one place, runs
 * it, writes the pending mailbox updates and the tagged result.
 *
 * <p>Lifecycle: 1. greeting; 2. commands until LOGOUT, end of stream or a fatal error; every
 * command's errors become its tagged {@code NO}/{@code BAD}, internal failures a tagged
 * {@code NO [SERVERBUG]} without details; 3. {@code * BYE} when the server ends the connection.
 * Limits: {@link #MAX_UNAUTHENTICATED_COMMANDS} commands before login, {@link #MAX_AUTH_FAILURES}
 * failed logins.
 */
final class ImapSession {
  private static final Logger LOG = System.getLogger(ImapSession.class.getName());
  static final int MAX_UNAUTHENTICATED_COMMANDS = 50;
  static final int MAX_AUTH_FAILURES = 3;

  private final Connection connection;
  private final ImapConfig config;
  private final MessageCache cache;
  private final MailboxEvents events;
  private final ImapRequestReader reader;
  private final boolean implicitTls;
  private ImapState state = ImapState.NOT_AUTHENTICATED;
  private MailUser user;
  private SelectedMailbox selected;
  private final Set<String> enabled = new LinkedHashSet<>();
  private boolean expungeAllowed;
  private int unauthenticatedCommands;
  private int authFailures;

  ImapSession(Connection connection, ImapConfig config, MessageCache cache, MailboxEvents events, boolean implicitTls) {
    this.connection = connection;
    this.config = config;
    this.cache = cache;
    this.events = events;
    this.implicitTls = implicitTls;
    this.reader = new ImapRequestReader(connection);
  }

  void run() throws IOException {
    connection.idleTimeout(config.autologout());
    untagged("OK [CAPABILITY " + capabilities() + "] " + config.hostname() + " Minternet IMAP ready");
    while (state != ImapState.LOGOUT) {
      connection.flush();
      boolean more;
      try {
        more = reader.next();
      } catch (LineTooLongException e) {
        if (!e.recovered()) {
          bye("Line too long");
          return;
        }
        untagged("BAD Line too long");
        continue;
      } catch (MalformedLineException e) {
        untagged("BAD Malformed line");
        continue;
      }
      if (!more) return;
      handle();
    }
    connection.flush();
  }

  private void handle() throws IOException {
    String tag;
    try {
      tag = reader.tag();
    } catch (ImapException e) {
      untagged("BAD Invalid tag");
      if (!reader.discardRest()) bye("Cannot recover");
      return;
    }
    if (state == ImapState.NOT_AUTHENTICATED && ++unauthenticatedCommands > MAX_UNAUTHENTICATED_COMMANDS) {
      bye("Too many commands without logging in");
      return;
    }
    try {
      reader.sp();
      String name = reader.keyword();
      ImapCommand command = ImapCommands.get(name);
      if (command == null) throw ImapException.bad("Unknown command " + clip(name));
      if (!command.states().contains(state)) {
        throw ImapException.bad(state == ImapState.NOT_AUTHENTICATED ? "Log in first"
            : state == ImapState.AUTHENTICATED && command.states() == ImapCommand.SELECTED
                ? "No mailbox selected" : "Command not valid in this state");
      }
      expungeAllowed = true;
      String done = command.execute(this, reader, tag);
      if (state == ImapState.LOGOUT) {
        tagged(tag, "OK", done);
        return;
      }
      writeUpdates(false);
      if (state == ImapState.LOGOUT) return;
      tagged(tag, "OK", done);
    } catch (StartTlsCommand.AlreadyAnswered e) {
      // the tagged reply went out before the TLS handshake
    } catch (ImapException e) {
      boolean recovered = !e.fatal() && reader.discardRest();
      tagged(tag, e.status(), e.replyText());
      if (!recovered) bye("Cannot continue after this command");
    } catch (LineTooLongException e) {
      tagged(tag, "BAD", "Line too long");
      if (!e.recovered()) bye("Line too long");
    } catch (MalformedLineException e) {
      tagged(tag, "BAD", "Malformed line");
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "IMAP command failed", e);
      tagged(tag, "NO", "[SERVERBUG] Internal error");
      if (!reader.discardRest()) bye("Cannot recover");
    }
  }

  /** Reports others' changes to the selected mailbox; {@code force} asks the store regardless. */
  void writeUpdates(boolean force) throws IOException {
    if (selected == null || state != ImapState.SELECTED) return;
    if (selected.stale(events, force, config.pollInterval().toNanos())) selected.refresh(config.store(), events);
    if (selected.deleted()) {
      bye("Selected mailbox was deleted or renamed");
      return;
    }
    selected.writeUpdates(this, expungeAllowed);
  }

  private void bye(String text) throws IOException {
    untagged("BYE " + text);
    connection.flush();
    state = ImapState.LOGOUT;
  }

  private static String clip(String s) {
    return s.length() > 32 ? s.substring(0, 32) : s;
  }

  // ---------------------------------------------------------------- output

  void untagged(String text) throws IOException {
    connection.writeLine("* " + text);
  }

  void tagged(String tag, String status, String text) throws IOException {
    connection.writeLine(tag + " " + status + " " + text);
  }

  void continuation(String text) throws IOException {
    connection.writeLine("+ " + text);
    connection.flush();
  }

  /** Writes a response built with literals; the transcript records its first line. */
  void write(byte[] response) throws IOException {
    int eol = 0;
    while (eol < response.length && eol < 200 && response[eol] != '\r') eol++;
    connection.transcript().sent(connection.service(), connection.peer(),
        new String(response, 0, eol, StandardCharsets.UTF_8) + (eol < response.length - 2 ? " …" : ""));
    connection.write(response);
  }

  void flush() throws IOException {
    connection.flush();
  }

  // ---------------------------------------------------------------- state

  String capabilities() {
    StringBuilder sb = new StringBuilder("IMAP4rev1 IMAP4rev2");
    boolean tlsAvailable = config.tls() != null && !connection.isSecure();
    if (state == ImapState.NOT_AUTHENTICATED) {
      if (tlsAvailable) sb.append(" STARTTLS");
      if (authAllowed()) {
        for (String m : AuthenticateCommand.MECHANISMS) sb.append(" AUTH=").append(m);
        sb.append(" SASL-IR");
      } else {
        sb.append(" LOGINDISABLED");
      }
    }
    sb.append(" LITERAL+ ID ENABLE IDLE NAMESPACE UNSELECT CHILDREN SPECIAL-USE LIST-EXTENDED LIST-STATUS"
        + " UIDPLUS MOVE CONDSTORE QRESYNC ESEARCH SEARCHRES BINARY STATUS=SIZE UTF8=ACCEPT APPENDLIMIT="
        + config.maxAppendSize());
    return sb.toString();
  }

  boolean authAllowed() {
    return connection.isSecure() || config.allowPlaintextAuth();
  }

  boolean implicitTls() {
    return implicitTls;
  }

  Connection connection() {
    return connection;
  }

  ImapConfig config() {
    return config;
  }

  /** The mail store. */
  MailStore mail() {
    return config.store();
  }

  /** The messages read for FETCH and SEARCH. */
  MessageCache cache() {
    return cache;
  }

  MailboxEvents events() {
    return events;
  }

  ImapRequestReader reader() {
    return reader;
  }

  ImapState state() {
    return state;
  }

  void state(ImapState s) {
    this.state = s;
  }

  MailUser user() {
    return user;
  }

  void loggedIn(MailUser u) {
    this.user = u;
    this.state = ImapState.AUTHENTICATED;
  }

  /** Counts a failed login; the connection ends after too many. */
  void authFailed() throws IOException {
    if (++authFailures >= MAX_AUTH_FAILURES) {
      untagged("BYE Too many failed logins");
      state = ImapState.LOGOUT;
    }
  }

  SelectedMailbox selected() {
    return selected;
  }

  void select(SelectedMailbox mailbox) {
    this.selected = mailbox;
    this.state = mailbox == null ? ImapState.AUTHENTICATED : ImapState.SELECTED;
  }

  /** No EXPUNGE responses until the command ends (FETCH, STORE, SEARCH: RFC 9051 §7.5.1). */
  void forbidExpunge() {
    expungeAllowed = false;
  }

  boolean expungeAllowed() {
    return expungeAllowed;
  }

  Set<String> enabled() {
    return enabled;
  }

  /** Mailbox names in UTF-8 instead of modified UTF-7 (RFC 9051 §5.1, RFC 6855). */
  boolean utf8() {
    return enabled.contains("UTF8=ACCEPT") || enabled.contains("IMAP4REV2");
  }

  /**
   * A CONDSTORE enabling command (RFC 7162 §3.1: FETCH MODSEQ or CHANGEDSINCE, STORE
   * UNCHANGEDSINCE, SEARCH MODSEQ): the first one with a mailbox selected is preceded by the
   * mailbox's HIGHESTMODSEQ, from which the client's mod-sequence bookkeeping starts.
   */
  void enableCondstore() throws IOException {
    if (enabled.add("CONDSTORE") && selected != null) {
      untagged("OK [HIGHESTMODSEQ " + selected.highestModseq() + "] Highest");
    }
  }

  boolean condstore() {
    return enabled.contains("CONDSTORE") || enabled.contains("QRESYNC");
  }

  boolean qresync() {
    return enabled.contains("QRESYNC");
  }

  boolean rev2() {
    return enabled.contains("IMAP4REV2");
  }

  /** Reads a mailbox name argument (decoded per the enabled extensions). */
  String mailboxName() throws ImapException, IOException {
    return reader.mailbox(utf8());
  }

  /** The user's mailbox of that name, or {@code NO [NONEXISTENT]}. */
  Mailbox mailbox(String name) throws ImapException {
    return config.store().mailboxes().get(user.id(), name)
        .orElseThrow(() -> ImapException.no("NONEXISTENT", "No such mailbox"));
  }

  /** A mailbox name as the client expects to see it, quoted or as a literal. */
  String quoteName(String name) {
    String n = MailboxNames.encode(name, utf8());
    if (ImapResponse.quotable(n)) {
      return "\"" + n.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    byte[] b = n.getBytes(StandardCharsets.UTF_8);
    return "{" + b.length + "}\r\n" + n;
  }
}
