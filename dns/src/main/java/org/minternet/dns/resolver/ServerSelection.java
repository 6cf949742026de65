package org.minternet.dns.resolver;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Smoothed round-trip times per authority address, to prefer the faster servers of a zone (as
 * BIND does): {@code srtt = 0.7 srtt + 0.3 rtt} on each answer; a timeout doubles it (at most
 * {@link #MAX_SRTT_MICROS}); servers passed over decay a little so that a slow or failed one is
 * tried again later. Unknown servers start near zero, so each is probed once.
 */
final class ServerSelection {
  static final long MAX_SRTT_MICROS = 10_000_000;
  /** Factor applied to a server's SRTT each time another server of its zone is chosen. */
  static final double DECAY = 0.98;

  private final ConcurrentHashMap<InetAddress, Double> srtt = new ConcurrentHashMap<>();

  /** The addresses ordered fastest first; unknown ones get a small random SRTT. */
  List<InetAddress> order(List<InetAddress> addresses) {
    List<InetAddress> out = new ArrayList<>(addresses);
    ThreadLocalRandom r = ThreadLocalRandom.current();
    java.util.Map<InetAddress, Double> key = new java.util.HashMap<>();
    for (InetAddress a : out) key.put(a, srtt.getOrDefault(a, r.nextDouble(0, 1000)));
    out.sort(Comparator.comparingDouble(key::get));
    return out;
  }

  void answered(InetAddress server, long micros, List<InetAddress> others) {
    srtt.merge(server, (double) micros, (old, rtt) -> 0.7 * old + 0.3 * rtt);
    for (InetAddress o : others) {
      if (!o.equals(server)) srtt.computeIfPresent(o, (k, v) -> v * DECAY);
    }
  }

  void timedOut(InetAddress server, long timeoutMicros) {
    srtt.merge(server, (double) timeoutMicros,
        (old, t) -> Math.min(MAX_SRTT_MICROS, Math.max(old * 2, t)));
  }

  /** The SRTT in microseconds, or -1 if the server was never asked. */
  long srttMicros(InetAddress server) {
    Double v = srtt.get(server);
    return v == null ? -1 : Math.round(v);
  }
}
