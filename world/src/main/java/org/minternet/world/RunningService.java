package org.minternet.world;

import java.util.List;
import org.minternet.core.Endpoint;

/** A started service of the world: where it listens, and how to stop it. */
public interface RunningService extends AutoCloseable {
  List<Endpoint> endpoints();

  /** A one-line hint for the user: how to try this service with a standard tool. */
  String tryIt(Endpoint endpoint);

  @Override
  void close();
}
