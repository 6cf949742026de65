package org.minternet.world;

import java.nio.file.Path;
import org.minternet.core.tap.Transcript;

/**
 * How to start a world: the port plan, the data directory, the transcript tap.
 */
public record WorldOptions(PortPlan ports, Path dataDir, Transcript transcript) {
  /** Default size of the transcript ring. */
  public static final int TRANSCRIPT_CAPACITY = 10_000;

  public static Path defaultDataDir() {
    String env = System.getenv("MINTERNET_DATA");
    if (env != null && !env.isBlank()) return Path.of(env);
    return Path.of(System.getProperty("user.home"), ".minternet");
  }
}
