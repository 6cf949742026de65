package org.minternet.http.proxy;

import java.util.Map;
import org.minternet.http.wire.Headers;

/**
 * One response in the cache (RFC 9111 §3): the status and header fields as received (hop-by-hop
 * fields removed), the complete body, the request header values its Vary names (for selecting it
 * again, §4.1) and the two clock readings the age calculation needs (§4.2.3).
 *
 * @param key the cache key (the target URI, {@link CacheKey})
 * @param status the status code
 * @param reason the reason phrase received
 * @param headers the stored header fields
 * @param body the whole content
 * @param varyValues each field named by Vary (lower case) with the normalised value the original
 *     request had, or null if it did not have the field
 * @param requestTime epoch milliseconds when the request that caused this response was sent
 * @param responseTime epoch milliseconds when the response was received
 */
record StoredResponse(String key, int status, String reason, Headers headers, byte[] body,
    Map<String, String> varyValues, long requestTime, long responseTime) {
  long size() {
    long n = body.length + 200L + key.length();
    for (Headers.Field f : headers.fields()) n += f.name().length() + f.value().length() + 4;
    return n;
  }

  StoredResponse withHeaders(Headers h, long reqTime, long respTime) {
    return new StoredResponse(key, status, reason, h, body, varyValues, reqTime, respTime);
  }

  CacheControl cacheControl() {
    return CacheControl.of(headers);
  }
}
