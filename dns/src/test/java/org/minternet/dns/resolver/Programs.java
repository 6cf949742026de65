package org.minternet.dns.resolver;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.minternet.testing.ExternalTool;

/** Runs and starts the command-line programs of the interop tests; skips when one is missing. */
final class Programs {
  private Programs() {}

  static Path require(String name) {
    Optional<Path> p = ExternalTool.forTest(name);
    assumeTrue(p.isPresent(), name + " is not installed");
    return p.get();
  }

  /** Runs a program to completion (at most 60 s); its output and error together. */
  static String run(String program, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(require(program).toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(program + " did not finish");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Starts a daemon in the foreground, its output going to {@code log}. */
  static Process start(Path log, String program, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(require(program).toString());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * A precondition of an interop test that depends on the machine (a daemon started, a port
   * could be bound): skips the test locally, fails it under CI where everything must work.
   */
  static void expect(boolean condition, String what) {
    if (ExternalTool.requiredByCi()) {
      if (!condition) throw new AssertionError(what);
    } else {
      assumeTrue(condition, what);
    }
  }

  /** Stops a daemon started by {@link #start}. */
  static void stop(Process p) throws InterruptedException {
    if (p == null) return;
    p.destroy();
    if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
  }
}
