package org.minternet.mail.pop3;

import static org.minternet.mail.pop3.Pop3State.AUTHORIZATION;
import static org.minternet.mail.pop3.Pop3State.TRANSACTION;

import java.util.function.Supplier;
import org.minternet.core.line.CommandTable;
import org.minternet.core.line.LineProtocol;
import org.minternet.core.line.Reply;
import org.minternet.core.net.Connection;
import org.minternet.mail.auth.AuthThrottle;

/** POP3 for the shared command loop: greeting, command table and the -ERR replies. */
final class Pop3Protocol implements LineProtocol<Pop3Session, Pop3State> {
  private final Pop3Config config;
  private final Pop3Service service;
  private final MaildropLocks locks;
  private final AuthThrottle throttle;
  private final Supplier<String> timestamps;
  private final CommandTable<Pop3Session, Pop3State> commands = new CommandTable<>(Pop3State.class);

  Pop3Protocol(Pop3Config config, Pop3Service service, MaildropLocks locks, Supplier<String> timestamps,
      AuthThrottle throttle) {
    this.throttle = throttle;
    this.config = config;
    this.service = service;
    this.locks = locks;
    this.timestamps = timestamps;
    commands.add("CAPA", new CapaCommand())
        .add("USER", new UserCommand(), AUTHORIZATION)
        .add("PASS", new PassCommand(), AUTHORIZATION)
        .add("APOP", new ApopCommand(), AUTHORIZATION)
        .add("AUTH", new AuthCommand(), AUTHORIZATION)
        .add("STLS", new StlsCommand(), AUTHORIZATION)
        .add("STAT", new StatCommand(), TRANSACTION)
        .add("LIST", new ListCommand(), TRANSACTION)
        .add("RETR", new RetrCommand(), TRANSACTION)
        .add("DELE", new DeleCommand(), TRANSACTION)
        .add("NOOP", new NoopCommand(), TRANSACTION)
        .add("RSET", new RsetCommand(), TRANSACTION)
        .add("TOP", new TopCommand(), TRANSACTION)
        .add("UIDL", new UidlCommand(), TRANSACTION)
        .add("QUIT", new QuitCommand());
  }

  @Override
  public String name() {
    return service.serviceName();
  }

  @Override
  public Pop3Session newSession(Connection connection) {
    return new Pop3Session(connection, config, locks, timestamps.get(), throttle);
  }

  /** The greeting always ends with the session's APOP timestamp (RFC 1939 §7). */
  @Override
  public Reply greeting(Pop3Session session) {
    return Pop3Reply.ok(config.hostname() + " POP3 server ready " + session.timestamp);
  }

  @Override
  public CommandTable<Pop3Session, Pop3State> commands() {
    return commands;
  }

  @Override
  public Reply unknownCommand(Pop3Session session, String verb) {
    return Pop3Reply.err("Unknown command");
  }

  @Override
  public Reply badSequence(Pop3Session session, String verb) {
    return Pop3Reply.err(session.state() == AUTHORIZATION ? "Not authenticated" : "Already authenticated");
  }

  @Override
  public Reply lineTooLong(Pop3Session session) {
    return Pop3Reply.err("Line too long");
  }

  @Override
  public Reply malformedLine(Pop3Session session) {
    return Pop3Reply.err("Lines must end with CRLF");
  }

  @Override
  public Reply timeout(Pop3Session session) {
    return Pop3Reply.err("Autologout; idle for too long").closing();
  }

  @Override
  public Reply internalError(Pop3Session session) {
    return Pop3Reply.err("SYS/TEMP", "Internal error").closing();
  }

  @Override
  public Reply tooManyErrors(Pop3Session session) {
    return Pop3Reply.err("Too many errors").closing();
  }

  @Override
  public int maxErrors() {
    return 10;
  }

  @Override
  public void sessionEnded(Pop3Session session) {
    if (session.user != null) locks.unlock(session.user.id(), session);
  }
}
