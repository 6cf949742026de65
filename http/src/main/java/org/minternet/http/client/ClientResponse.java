package org.minternet.http.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.StatusLine;

/**
 * A response the client received: status line, header fields, body (empty when it was streamed to
 * a sink), the URI it answers (after redirects) and the timing of the exchange.
 */
public record ClientResponse(StatusLine statusLine, Headers headers, byte[] body, URI uri,
    Timing timing) {
  public int status() {
    return statusLine.code();
  }

  public String header(String name) {
    return headers.get(name);
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * Where the time of one exchange went, in nanoseconds: {@code start} is relative to an origin
   * chosen by the caller (e.g. the start of a page load); {@code connect} is zero on a reused
   * connection; {@code waiting} runs from the request sent to the first response byte; {@code
   * transfer} from there to the last body byte.
   */
  public record Timing(long start, long connect, long waiting, long transfer, long bytes,
      boolean reused) {
    public long total() {
      return connect + waiting + transfer;
    }
  }
}
