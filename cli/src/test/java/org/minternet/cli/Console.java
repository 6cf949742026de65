package org.minternet.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures what commands print and runs serve commands in the background: register with
 * {@code @RegisterExtension}. A serve command runs until {@link #stop} (or the test's end).
 */
final class Console implements BeforeEachCallback, AfterEachCallback {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream oldOut;
  private PrintStream oldErr;
  private CompletableFuture<Integer> serving;

  @Override
  public void beforeEach(ExtensionContext context) {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (serving != null) stop();
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  void clear() {
    out.reset();
    err.reset();
  }

  /** Starts a serve command and returns its banner, once printed. */
  String serve(String... args) throws InterruptedException {
    return serveUntil("(Ctrl-C stops)", args);
  }

  /** Starts a serve command and returns what it printed, once that contains {@code banner}. */
  String serveUntil(String banner, String... args) throws InterruptedException {
    clear();
    CompletableFuture<Integer> run = new CompletableFuture<>();
    Thread t = new Thread(() -> run.complete(Main.execute(args)), "serve-command");
    t.setDaemon(true);
    t.start();
    serving = run;
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!out().contains(banner)) {
      if (serving.isDone()) {
        throw new AssertionError("the command ended with " + serving.join() + ": " + out() + err());
      }
      if (Instant.now().isAfter(deadline)) throw new AssertionError("no banner: " + out() + err());
      Thread.sleep(20);
    }
    return out();
  }

  /** Stops the serve command and returns its exit code. */
  int stop() throws Exception {
    SocketsCommand.stopServing();
    int rc = serving.get(30, TimeUnit.SECONDS);
    serving = null;
    return rc;
  }

  /** The port of the first {@code ADDRESS:PORT} after {@code prefix} in the banner. */
  static int port(String banner, String prefix) {
    Matcher m = Pattern.compile(Pattern.quote(prefix) + "[0-9.]+:(\\d+)").matcher(banner);
    if (!m.find()) throw new AssertionError("no " + prefix + "ADDRESS:PORT in " + banner);
    return Integer.parseInt(m.group(1));
  }
}
