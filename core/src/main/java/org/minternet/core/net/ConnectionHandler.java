package org.minternet.core.net;

import java.io.IOException;

/** Serves one connection from start to end on its own (virtual) thread. */
@FunctionalInterface
public interface ConnectionHandler {
  void handle(Connection connection) throws IOException;
}
