package org.minternet.sockets;

import java.util.List;
import java.util.Locale;

/**
 * The outcome of a ping run: round-trip times of the pings that came back, in milliseconds, and
 * the loss, summarised the way {@code ping} does (min/avg/max/mdev, mdev being the standard
 * deviation of the RTTs).
 */
public record PingStatistics(int transmitted, List<Double> rttsMillis) {
  public int received() {
    return rttsMillis.size();
  }

  public double lossPercent() {
    return transmitted == 0 ? 0 : 100.0 * (transmitted - received()) / transmitted;
  }

  public double min() {
    return rttsMillis.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  public double max() {
    return rttsMillis.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  public double avg() {
    return rttsMillis.stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  public double mdev() {
    if (rttsMillis.isEmpty()) return 0;
    double avg = avg();
    double sq = rttsMillis.stream().mapToDouble(r -> r * r).average().orElse(0);
    return Math.sqrt(Math.max(0, sq - avg * avg));
  }

  /** The two summary lines, as {@code ping} prints them. */
  public String summary() {
    String loss = String.format(Locale.ROOT, "%d packets transmitted, %d received, %s%% packet loss",
        transmitted, received(), trim(lossPercent()));
    if (rttsMillis.isEmpty()) return loss;
    return loss + "\n" + String.format(Locale.ROOT, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms",
        min(), avg(), max(), mdev());
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }
}
