package org.minternet.http.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import org.minternet.core.net.Connection;
import org.minternet.http.client.ForwardedResponse;
import org.minternet.http.client.HttpClient;
import org.minternet.http.wire.BodyFraming;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.ResponseHead;

/**
 * The proxy's side towards the origins: requests forwarded with the {@link HttpClient} (its
 * connection pool holds the persistent connections to origins), failures turned into the status
 * the client gets: 504 when the origin timed out, 502 otherwise.
 */
final class Upstream {
  /** Where to connect: the target's host in forward mode, the configured origin in reverse mode. */
  record Address(String host, int port) {}

  /** The origin did not answer properly: 502, or 504 when it timed out. */
  static final class OriginException extends IOException {
    final int status;

    OriginException(int status, String message, Throwable cause) {
      super(message, cause);
      this.status = status;
    }
  }

  /** A request body to forward, or none. */
  record Body(BodyFraming framing, InputStream in) {
    static final Body NONE = new Body(BodyFraming.NONE, InputStream.nullInputStream());
  }

  /** The origin's response; read {@link #body} to its end or {@link #abandon()} it. */
  static final class Response {
    final ResponseHead head;
    final InputStream body;
    final long length;
    private final ForwardedResponse forwarded;

    Response(ForwardedResponse forwarded) {
      this.forwarded = forwarded;
      this.head = forwarded.head();
      this.body = forwarded.body();
      this.length = forwarded.length();
    }

    void abandon() {
      forwarded.abandon();
    }
  }

  private final HttpClient client;

  Upstream(HttpClient client) {
    this.client = client;
  }

  /** A new connection to {@code host:port} of its own (a CONNECT tunnel). */
  Connection connect(String host, int port) throws IOException {
    return client.connect(host, port);
  }

  /**
   * Sends {@code method target} with {@code headers} (end-to-end fields, Host and Via already set)
   * to {@code address}.
   *
   * @throws OriginException when the origin cannot be reached or answers malformed
   */
  Response exchange(Address address, String method, String target, Headers headers, Body body)
      throws OriginException {
    try {
      return new Response(client.forward(address.host(), address.port(), method, target, headers,
          body.framing(), body.in()));
    } catch (SocketTimeoutException e) {
      throw new OriginException(504, "origin " + address + " timed out", e);
    } catch (IOException e) {
      throw new OriginException(502, "origin " + address + " failed: " + e.getMessage(), e);
    }
  }
}
