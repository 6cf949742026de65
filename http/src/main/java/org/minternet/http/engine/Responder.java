package org.minternet.http.engine;

import java.io.IOException;
import org.minternet.http.wire.HttpException;

/**
 * What a server built on the engine supplies: the answer to each request. The origin server
 * answers from its sites; the caching proxy from its cache and the origins. Runs on the
 * connection's virtual thread and may block.
 */
public interface Responder {
  /**
   * Answers one request; the body, if wanted, is read through {@link Exchange#body}.
   *
   * @throws HttpException answered with {@link #error} for its status (closing the connection
   *     when it says so)
   */
  Outgoing respond(Exchange exchange) throws IOException, HttpException;

  /**
   * The response to an error the engine found: an unreadable head (400, 414, 431, 501, 505; the
   * exchange then has no head), a head or body too slow (408), a body too large (413).
   */
  default Outgoing error(Exchange exchange, int status) {
    return Outgoing.error(status);
  }

  /**
   * Called once per exchange after its response was written, or failed half-way ({@code
   * aborted}), with the body bytes sent: the access log.
   */
  default void completed(Exchange exchange, Outgoing response, long bodyBytes, boolean aborted) {}
}
