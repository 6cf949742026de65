package org.minternet.http.engine;

import java.io.IOException;
import org.minternet.core.net.Connection;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Status;

/**
 * A response as the engine writes it: status, reason phrase, the end-to-end header fields and the
 * body. The engine adds the framing fields (Content-Length, Transfer-Encoding, Connection) itself;
 * those among {@code headers} are ignored, except a Content-Length on a bodiless 304 or HEAD
 * response.
 *
 * @param takeover after the head, the connection belongs to this (a CONNECT tunnel, a protocol
 *     switch), or null for an ordinary response
 */
public record Outgoing(int status, String reason, Headers headers, Body body, Takeover takeover) {
  /** What runs on a connection once the head of a 2xx to CONNECT or a 101 has been sent. */
  @FunctionalInterface
  public interface Takeover {
    /**
     * Uses the connection until it is done; the engine closes it afterwards.
     *
     * @return the bytes sent to the client, for the access log
     */
    long run(Connection connection) throws IOException;

    /** Releases what {@link #run} would have used, when the head could not be sent. */
    default void cancel() {}
  }

  public static Outgoing of(int status, Headers headers, Body body) {
    return new Outgoing(status, Status.reason(status), headers, body, null);
  }

  /** A small plain-text error page for {@code status}. */
  public static Outgoing error(int status) {
    return of(status, Headers.of("Content-Type", "text/plain; charset=utf-8"),
        new Body.Bytes(Status.errorBody(status)));
  }

  /** A head without body after which {@code takeover} uses the connection. */
  public static Outgoing takeover(int status, String reason, Headers headers, Takeover takeover) {
    return new Outgoing(status, reason, headers, Body.EMPTY, takeover);
  }
}
