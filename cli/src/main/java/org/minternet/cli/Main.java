package org.minternet.cli;

import java.io.PrintWriter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code minternet} command. Exit codes: 0 success, 1 the operation failed (a service could
 * not start, a peer did not answer), 2 the command line was wrong.
 */
@Command(name = "minternet", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "A small Internet in one program: DNS, Web, e-mail, BitTorrent and the textbook's"
        + " socket programs, real and standards-conforming, on this machine.",
    subcommands = {UpCommand.class, WorldCommand.class, DigCli.class, DnsCli.class, FetchCli.class, HttpCli.class, MailCli.class, SocketsCommand.class,
        TorrentCli.class, CommandLine.HelpCommand.class})
public final class Main extends CommandGroup {
  /** Exit code of a failed operation. */
  public static final int FAILED = 1;
  /** Exit code of a wrong command line (picocli's default). */
  public static final int USAGE = 2;

  static boolean verbose;

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Log what happens in detail; show stack traces of errors.")
  void verbose(boolean v) {
    verbose = v;
    configureLogging();
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int execute(String... args) {
    verbose = false;
    configureLogging();
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (verbose) ex.printStackTrace(err);
      else err.println("minternet: " + message(ex));
      err.flush();
      return FAILED;
    });
    return cl.execute(args);
  }

  static String message(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      // a refused certificate: the trust manager's reason, without the TLS alert's name before it
      if (c instanceof javax.net.ssl.SSLHandshakeException && c.getCause() instanceof java.security.cert.CertificateException ce
          && ce.getMessage() != null) {
        return ce.getMessage();
      }
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) m = t.getClass().getSimpleName();
    return m;
  }

  static void configureLogging() {
    Logger root = Logger.getLogger("");
    for (var h : root.getHandlers()) root.removeHandler(h);
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(new Formatter() {
      @Override
      public String format(LogRecord r) {
        String msg = formatMessage(r);
        String s = String.format("%1$tT %2$s %3$s%n", r.getMillis(), r.getLevel().getName(), msg);
        if (r.getThrown() != null && verbose) {
          java.io.StringWriter sw = new java.io.StringWriter();
          r.getThrown().printStackTrace(new PrintWriter(sw));
          s += sw;
        } else if (r.getThrown() != null) {
          s = s.stripTrailing() + ": " + message(r.getThrown()) + System.lineSeparator();
        }
        return s;
      }
    });
    Level level = verbose ? Level.FINE : Level.WARNING;
    handler.setLevel(level);
    root.setLevel(level);
    root.addHandler(handler);
  }

  /** Version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"minternet " + (v == null ? "development build" : v),
          "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
  }
}
