package org.minternet.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds command-line programs (dig, curl, swaks …) for interop tests. Locally a missing program
 * means the test is skipped; when the environment variable {@code CI} is set the program is
 * required, because {@code .ci/run} installs it.
 */
public final class ExternalTool {
  private ExternalTool() {}

  /** The program's path on the PATH (or in /usr/sbin, /sbin), if installed. */
  public static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin"
        + File.pathSeparator + "/sbin" + File.pathSeparator + "/usr/local/sbin";
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) continue;
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** True when running under CI, where every interop tool must be present. */
  public static boolean requiredByCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isEmpty() && !ci.equalsIgnoreCase("false");
  }

  /**
   * The program's path; throws {@link IllegalStateException} under CI when missing, and returns
   * empty otherwise so that the caller can skip (e.g. with JUnit's {@code assumeTrue}).
   */
  public static Optional<Path> forTest(String name) {
    Optional<Path> p = find(name);
    if (p.isEmpty() && requiredByCi()) {
      throw new IllegalStateException(name + " is required under CI but not installed");
    }
    return p;
  }
}
