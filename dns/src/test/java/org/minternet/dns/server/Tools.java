package org.minternet.dns.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.minternet.testing.ExternalTool;

/** Runs the command-line tools of interop tests, skipping when one is not installed. */
public final class Tools {
  private Tools() {}

  public static Path require(String name) {
    Optional<Path> p = ExternalTool.forTest(name);
    assumeTrue(p.isPresent(), name + " is not installed");
    return p.get();
  }

  /** Runs a tool to completion (at most 60 s) and returns its standard output and error. */
  public static String run(String tool, String... args) throws IOException, InterruptedException {
    return runIn(null, tool, args);
  }

  /** Runs a tool in a working directory (null: the current one). */
  public static String runIn(Path dir, String tool, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(require(tool).toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (dir != null) pb.directory(dir.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(tool + " did not finish");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Runs a tool with standard input. */
  public static String runWithInput(String input, String tool, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(require(tool).toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(tool + " did not finish");
    }
    return new String(out, StandardCharsets.UTF_8) + "\nexit=" + p.exitValue();
  }
}
