package org.minternet.http.proxy;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.net.InetSocketAddress;
import org.minternet.http.AccessLog;
import org.minternet.http.wire.RequestHead;

/**
 * The proxy's access log: the origin server's Combined Log Format line ({@link AccessLog#format})
 * extended with the {@link CacheResult} code in quotes and the elapsed milliseconds, from the first
 * byte of the request to the end of the reply (or of the tunnel):
 *
 * <pre>
 * 127.0.0.1 - - [01/Jan/2026:00:00:05 +0000] "GET http://a.test/x HTTP/1.1" 200 1234 "-" "curl/8.5" "TCP_MEM_HIT" 0
 * </pre>
 *
 * The bytes are the body bytes sent to the client ("-" for none); for a tunnel, the bytes relayed
 * from the origin to the client. A request whose head could not be parsed is logged with "-" as
 * its request line, like the origin server does.
 */
final class ProxyAccessLog {
  private final Consumer<String> sink;
  private final Clock clock;

  ProxyAccessLog(Consumer<String> sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
  }

  /** Writes the line of one finished request; nothing without a sink. */
  void log(InetSocketAddress remote, RequestHead head, int status, long bytes, CacheResult result,
      boolean aborted, long startNanos) {
    if (sink == null) return;
    long millis = TimeUnit.NANOSECONDS.toMillis(Math.max(0, System.nanoTime() - startNanos));
    sink.accept(line(remote.getAddress().getHostAddress(),
        ZonedDateTime.ofInstant(clock.instant(), ZoneId.systemDefault()), head, status, bytes,
        result.code(aborted), millis));
  }

  static String line(String remote, ZonedDateTime time, RequestHead head, int status, long bytes,
      String code, long millis) {
    return AccessLog.format(remote, null, time, head == null ? "-" : head.line().toString(), status,
        bytes, head == null ? null : head.headers().get("Referer"),
        head == null ? null : head.headers().get("User-Agent"))
        + " \"" + code + "\" " + millis;
  }
}
