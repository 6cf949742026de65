package org.minternet.mail.imap;

import java.util.Map;
import java.util.TreeMap;

/** The command table: one entry per command name (RFC 9051 §6 and the extensions). */
final class ImapCommands {
  private static final Map<String, ImapCommand> TABLE = new TreeMap<>();

  static {
    add("CAPABILITY", new CapabilityCommand());
    add("NOOP", new NoopCommand(false));
    add("CHECK", new NoopCommand(true));
    add("LOGOUT", new LogoutCommand());
    add("ID", new IdCommand());
    add("STARTTLS", new StartTlsCommand());
    add("LOGIN", new LoginCommand());
    add("AUTHENTICATE", new AuthenticateCommand());
    add("ENABLE", new EnableCommand());
    add("SELECT", new SelectCommand(false));
    add("EXAMINE", new SelectCommand(true));
    add("CREATE", new CreateCommand());
    add("DELETE", new DeleteCommand());
    add("RENAME", new RenameCommand());
    add("SUBSCRIBE", new SubscribeCommand(true));
    add("UNSUBSCRIBE", new SubscribeCommand(false));
    add("LIST", new ListCommand(false));
    add("LSUB", new ListCommand(true));
    add("NAMESPACE", new NamespaceCommand());
    add("STATUS", new StatusCommand());
    add("APPEND", new AppendCommand());
    add("IDLE", new IdleCommand());
    add("CLOSE", new CloseCommand(true));
    add("UNSELECT", new CloseCommand(false));
    add("EXPUNGE", new ExpungeCommand());
    add("SEARCH", new SearchCommand());
    add("FETCH", new FetchCommand());
    add("STORE", new StoreCommand());
    add("COPY", new CopyCommand(false));
    add("MOVE", new CopyCommand(true));
    add("UID", new UidCommand());
  }

  private ImapCommands() {}

  private static void add(String name, ImapCommand command) {
    TABLE.put(name, command);
  }

  static ImapCommand get(String name) {
    return TABLE.get(name);
  }
}
