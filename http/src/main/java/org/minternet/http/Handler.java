package org.minternet.http;

import java.io.IOException;
import org.minternet.http.wire.HttpException;

/**
 * An application's answer to a request. Runs on the connection's virtual thread and may block.
 * An {@link HttpException} is answered with its status (e.g. 400 for a malformed form); any
 * other exception with 500, without revealing it.
 */
@FunctionalInterface
public interface Handler {
  Response handle(Request request) throws IOException, HttpException;
}
