package org.minternet.world;

import java.io.IOException;

/**
 * Starts one kind of service for a host. One small class per kind, registered in one table
 * ({@link Services}).
 */
public interface ServiceFactory {
  RunningService start(ServiceContext context) throws IOException;
}
