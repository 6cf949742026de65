package org.minternet.http.proxy;

import org.minternet.http.wire.Headers;
import org.minternet.http.wire.HttpVersion;

/**
 * A client's request as the cache sees it.
 *
 * @param method the method
 * @param target the target; its {@link Target#uri()} is the cache key
 * @param hostHeader the Host value to send to the origin
 * @param headers the client's end-to-end header fields, without Host and Expect
 * @param body the request body to forward
 * @param version the client's protocol version
 * @param origin where to connect: the target's host in forward mode, the configured origin in
 *     reverse mode
 */
record ProxyRequest(String method, Target target, String hostHeader, Headers headers,
    Upstream.Body body, HttpVersion version, Upstream.Address origin) {
  String key() {
    return target.uri();
  }

  ProxyRequest withHeaders(Headers h) {
    return new ProxyRequest(method, target, hostHeader, h, body, version, origin);
  }

  ProxyRequest asGet() {
    return new ProxyRequest("GET", target, hostHeader, headers, Upstream.Body.NONE, version,
        origin);
  }
}
