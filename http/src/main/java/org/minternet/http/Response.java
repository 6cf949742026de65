package org.minternet.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.minternet.http.engine.Body;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.Status;

/**
 * A response an application returns: status, header fields and a {@link Body} (in memory, a file
 * region, or written as it is sent). The server adds Date, Server, Content-Length and Connection
 * itself.
 */
public final class Response {
  private final int status;
  private final Headers.Builder headers = Headers.builder();
  private Body body = Body.EMPTY;

  private Response(int status) {
    this.status = status;
  }

  public static Response status(int status) {
    return new Response(status);
  }

  public static Response ok() {
    return new Response(200);
  }

  public static Response html(String html) {
    return new Response(200).body(html, "text/html; charset=utf-8");
  }

  public static Response text(int status, String text) {
    return new Response(status).body(text, "text/plain; charset=utf-8");
  }

  /** A redirect (301, 302, 303, 307, 308) to {@code location}. */
  public static Response redirect(int status, String location) {
    return new Response(status).header("Location", location)
        .body("Moved to " + location + "\n", "text/plain; charset=utf-8");
  }

  /** A small text error page for {@code status}. */
  public static Response error(int status) {
    return new Response(status).body(Status.errorBody(status), "text/plain; charset=utf-8");
  }

  public Response header(String name, String value) {
    headers.add(name, value);
    return this;
  }

  public Response setHeader(String name, String value) {
    headers.set(name, value);
    return this;
  }

  public Response body(String text, String contentType) {
    return body(text.getBytes(StandardCharsets.UTF_8), contentType);
  }

  public Response body(byte[] data, String contentType) {
    headers.set("Content-Type", contentType);
    this.body = new Body.Bytes(data);
    return this;
  }

  /** A body written by {@code writer} as it is sent (chunked), e.g. a live listing. */
  public Response stream(String contentType, Body.Writer writer) {
    headers.set("Content-Type", contentType);
    this.body = new Body.Streamed(writer);
    return this;
  }

  public Response body(Body body) {
    this.body = body;
    return this;
  }

  public int status() {
    return status;
  }

  public Headers headers() {
    return headers.build();
  }

  Headers.Builder headerBuilder() {
    return headers;
  }

  public Body body() {
    return body;
  }
}
