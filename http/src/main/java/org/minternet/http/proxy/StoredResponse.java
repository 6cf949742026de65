package org.minternet.http.proxy;

import java.util.Map;
import org.minternet.http.wire.Headers;

/**
 * One response in the cache (RFC 9111 §3): the status and header fields as received (hop-by-hop
 * fields removed), the complete body, the request header values its Vary names (for selecting it
 * again, §4.1) and the two clock readings the age calculation needs (§4.2.3). Immutable; the
 * directives, the freshness lifetime and the corrected initial age are computed once, since a hit
 * needs them all.
 */
final class StoredResponse {
  private final String key;
  private final int status;
  private final String reason;
  private final Headers headers;
  private final byte[] body;
  private final Map<String, String> varyValues;
  private final long requestTime;
  private final long responseTime;
  private final CacheControl cacheControl;
  private final long lifetime;
  private final long initialAgeMillis;

  /**
   * @param key the cache key (the target URI, {@link Target#uri()})
   * @param status the status code
   * @param reason the reason phrase received
   * @param headers the stored header fields
   * @param body the whole content
   * @param varyValues each field named by Vary (lower case) with the normalised value the
   *     original request had, or null if it did not have the field
   * @param requestTime epoch milliseconds when the request that caused this response was sent
   * @param responseTime epoch milliseconds when the response was received
   */
  StoredResponse(String key, int status, String reason, Headers headers, byte[] body,
      Map<String, String> varyValues, long requestTime, long responseTime) {
    this.key = key;
    this.status = status;
    this.reason = reason;
    this.headers = headers;
    this.body = body;
    this.varyValues = varyValues;
    this.requestTime = requestTime;
    this.responseTime = responseTime;
    this.cacheControl = CacheControl.of(headers);
    this.lifetime = CachePolicy.lifetime(status, headers, responseTime).seconds();
    this.initialAgeMillis = CachePolicy.correctedInitialAge(headers, requestTime, responseTime);
  }

  String key() {
    return key;
  }

  int status() {
    return status;
  }

  String reason() {
    return reason;
  }

  Headers headers() {
    return headers;
  }

  byte[] body() {
    return body;
  }

  Map<String, String> varyValues() {
    return varyValues;
  }

  long requestTime() {
    return requestTime;
  }

  long responseTime() {
    return responseTime;
  }

  CacheControl cacheControl() {
    return cacheControl;
  }

  /** The freshness lifetime in seconds (§4.2.1). */
  long lifetime() {
    return lifetime;
  }

  /** The corrected initial age in milliseconds (§4.2.3). */
  long initialAgeMillis() {
    return initialAgeMillis;
  }

  long size() {
    long n = body.length + 200L + key.length();
    for (Headers.Field f : headers.fields()) n += f.name().length() + f.value().length() + 4;
    return n;
  }

  StoredResponse withHeaders(Headers h, long reqTime, long respTime) {
    return new StoredResponse(key, status, reason, h, body, varyValues, reqTime, respTime);
  }
}
