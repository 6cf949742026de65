package org.minternet.http.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.StatusLine;

/**
 * A response the client received: status line, header fields as received, body (empty when it was
 * streamed to a sink), the URI it answers (after redirects), the timing of the exchange and the
 * content codings of the body. In compressed mode ({@link HttpClient.Builder#compressed}) the body
 * is decoded: {@link #codings()} says which codings were removed and which, unknown to the
 * client, are still on it.
 */
public record ClientResponse(StatusLine statusLine, Headers headers, byte[] body, URI uri,
    Timing timing, Codings codings) {
  public ClientResponse {
    codings = codings == null ? Codings.NONE : codings;
  }

  /** A response whose body is as received. */
  public ClientResponse(StatusLine statusLine, Headers headers, byte[] body, URI uri,
      Timing timing) {
    this(statusLine, headers, body, uri, timing, Codings.NONE);
  }

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
   * The content codings (RFC 9110 §8.4) of a body, in the order the server applied them.
   *
   * @param decoded the codings the client removed: the body is what the server had before them
   * @param undecoded the codings still on the body (unknown to the client, or compressed mode off)
   */
  public record Codings(List<String> decoded, List<String> undecoded) {
    public static final Codings NONE = new Codings(List.of(), List.of());

    public Codings {
      decoded = List.copyOf(decoded);
      undecoded = List.copyOf(undecoded);
    }

    /** Whether the client decoded the body. */
    public boolean isDecoded() {
      return !decoded.isEmpty();
    }
  }

  /**
   * Where the time of one exchange went, in nanoseconds: {@code start} is relative to an origin
   * chosen by the caller (e.g. the start of a page load); {@code connect} is zero on a reused
   * connection; {@code waiting} runs from the request sent to the first response byte; {@code
   * transfer} from there to the last body byte. {@code bytes} counts the body bytes transferred
   * (after the transfer coding, before any content coding is removed), {@code decodedBytes} the
   * body bytes after the content codings were removed (the same without decoding).
   */
  public record Timing(long start, long connect, long waiting, long transfer, long bytes,
      boolean reused, long decodedBytes) {
    /** The timing of a body that was not decoded. */
    public Timing(long start, long connect, long waiting, long transfer, long bytes,
        boolean reused) {
      this(start, connect, waiting, transfer, bytes, reused, bytes);
    }

    public long total() {
      return connect + waiting + transfer;
    }
  }
}
