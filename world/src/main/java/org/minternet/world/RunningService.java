package org.minternet.world;

import java.util.List;
import org.minternet.core.Endpoint;

/** A started service of the world: where it listens, and how to stop it. */
public interface RunningService extends AutoCloseable {
  /** What a service kind returns when another kind of the same host already started it. */
  RunningService PART_OF_ANOTHER = new RunningService() {
    @Override
    public List<Endpoint> endpoints() {
      return List.of();
    }

    @Override
    public String tryIt(Endpoint endpoint) {
      return "";
    }

    @Override
    public void close() {}
  };

  List<Endpoint> endpoints();

  /** A one-line hint for the user: how to try this service with a standard tool. */
  String tryIt(Endpoint endpoint);

  @Override
  void close();
}
