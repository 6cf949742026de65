package org.minternet.http.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.minternet.http.wire.Headers;

/**
 * A request the client sends: method, absolute http or https URI, extra header fields and a body
 * (empty for none). The client adds Host, Content-Length, cookies and its User-Agent.
 */
public record ClientRequest(String method, URI uri, Headers headers, byte[] body) {
  public ClientRequest {
    Objects.requireNonNull(method);
    Objects.requireNonNull(uri);
    headers = headers == null ? Headers.EMPTY : headers;
    body = body == null ? new byte[0] : body;
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + uri);
    }
  }

  public static ClientRequest get(String url) {
    return new ClientRequest("GET", URI.create(url), Headers.EMPTY, null);
  }

  public static ClientRequest get(URI uri) {
    return new ClientRequest("GET", uri, Headers.EMPTY, null);
  }

  public static ClientRequest post(String url, String contentType, String body) {
    return new ClientRequest("POST", URI.create(url), Headers.of("Content-Type", contentType),
        body.getBytes(StandardCharsets.UTF_8));
  }

  public ClientRequest withHeaders(Headers h) {
    return new ClientRequest(method, uri, h, body);
  }

  public ClientRequest withUri(URI u) {
    return new ClientRequest(method, u, headers, body);
  }

  /** The target in origin form: path and query. */
  public String originForm() {
    String path = uri.getRawPath();
    if (path == null || path.isEmpty()) path = "/";
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }
}
