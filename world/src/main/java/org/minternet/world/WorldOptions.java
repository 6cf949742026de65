package org.minternet.world;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.minternet.core.tap.Transcript;

/**
 * How to start a world: the port plan, the data directory, the transcript tap, and optionally
 * the server certificate every TLS service uses (null: the world's self-signed one, generated in
 * {@code DATA/tls} at first start).
 */
public record WorldOptions(PortPlan ports, Path dataDir, Transcript transcript, SSLContext tls) {
  public WorldOptions(PortPlan ports, Path dataDir, Transcript transcript) {
    this(ports, dataDir, transcript, null);
  }

  /** Default size of the transcript ring. */
  public static final int TRANSCRIPT_CAPACITY = 10_000;

  public static Path defaultDataDir() {
    String env = System.getenv("MINTERNET_DATA");
    if (env != null && !env.isBlank()) return Path.of(env);
    return Path.of(System.getProperty("user.home"), ".minternet");
  }
}
