package org.minternet.mail.smtp;

import static org.minternet.mail.smtp.SmtpState.CONNECTED;
import static org.minternet.mail.smtp.SmtpState.GREETED;
import static org.minternet.mail.smtp.SmtpState.MAIL;
import static org.minternet.mail.smtp.SmtpState.RCPT;

import java.util.List;
import org.minternet.core.line.CommandTable;
import org.minternet.core.line.LineProtocol;
import org.minternet.core.line.Reply;
import org.minternet.core.net.Connection;
import org.minternet.mail.auth.AuthThrottle;

/** SMTP for the shared command loop: greeting, command table and the error replies of RFC 5321. */
final class SmtpProtocol implements LineProtocol<SmtpSession, SmtpState> {
  private final SmtpConfig config;
  private final AuthThrottle throttle;
  private final SmtpService service;
  private final CommandTable<SmtpSession, SmtpState> commands = new CommandTable<>(SmtpState.class);

  SmtpProtocol(SmtpConfig config, SmtpService service, AuthThrottle throttle) {
    this.config = config;
    this.throttle = throttle;
    this.service = service;
    commands.add("EHLO", new EhloCommand())
        .add("HELO", new HeloCommand())
        .add("MAIL", new MailCommand(), GREETED)
        .add("RCPT", new RcptCommand(), MAIL, RCPT)
        .add("DATA", new DataCommand(), RCPT)
        .add("BDAT", new BdatCommand())
        .add("RSET", new RsetCommand())
        .add("NOOP", new NoopCommand())
        .add("QUIT", new QuitCommand())
        .add("VRFY", new VrfyCommand(), CONNECTED, GREETED, MAIL, RCPT)
        .add("STARTTLS", new StartTlsCommand(), CONNECTED, GREETED)
        .add("AUTH", new AuthCommand(), GREETED);
    commands.add("HELP", new HelpCommand(List.copyOf(commands.verbs())), CONNECTED, GREETED, MAIL, RCPT);
  }

  @Override
  public String name() {
    return service.serviceName();
  }

  @Override
  public SmtpSession newSession(Connection connection) {
    return new SmtpSession(connection, config, service, throttle);
  }

  @Override
  public Reply greeting(SmtpSession session) {
    return SmtpReply.of(220, null, config.hostname() + " ESMTP Minternet");
  }

  @Override
  public CommandTable<SmtpSession, SmtpState> commands() {
    return commands;
  }

  @Override
  public Reply unknownCommand(SmtpSession session, String verb) {
    return SmtpReply.of(500, "5.5.2", "Syntax error, command unrecognized");
  }

  @Override
  public Reply badSequence(SmtpSession session, String verb) {
    String why = switch (session.state()) {
      case CONNECTED -> "Send EHLO or HELO first";
      case GREETED -> verb.equals("AUTH") ? "Already authenticated or not now" : "Need MAIL first";
      case MAIL -> "Need RCPT first";
      case RCPT, BDAT -> verb.equals("AUTH") || verb.equals("STARTTLS") ? "Not in a mail transaction"
          : "Bad sequence of commands";
    };
    return SmtpReply.of(503, "5.5.1", why);
  }

  @Override
  public Reply lineTooLong(SmtpSession session) {
    return SmtpReply.of(500, "5.5.6", "Line too long");
  }

  @Override
  public Reply malformedLine(SmtpSession session) {
    return SmtpReply.of(500, "5.5.2", "Lines must end with CRLF");
  }

  @Override
  public Reply timeout(SmtpSession session) {
    return SmtpReply.closing(421, "4.4.2", config.hostname() + " timeout exceeded, closing connection");
  }

  @Override
  public Reply internalError(SmtpSession session) {
    return SmtpReply.closing(421, "4.3.0", config.hostname() + " local error, closing connection");
  }

  @Override
  public Reply tooManyErrors(SmtpSession session) {
    return SmtpReply.closing(421, "4.7.0", config.hostname() + " too many errors, closing connection");
  }

  /** Errors in a row before the connection is closed (Postfix's smtpd_hard_error_limit). */
  @Override
  public int maxErrors() {
    return 20;
  }

  static Reply tooManyConnections(String hostname) {
    return SmtpReply.closing(421, "4.3.2", hostname + " too many connections, try again later");
  }

}
