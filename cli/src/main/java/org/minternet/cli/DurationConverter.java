package org.minternet.cli;

import java.time.Duration;
import picocli.CommandLine;

/** Reads durations written like 500ms, 2s, 5m, 1h (or ISO-8601 PT2S). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (v.startsWith("pt")) return Duration.parse(v.toUpperCase(java.util.Locale.ROOT));
      if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      if (v.endsWith("m")) return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
      if (v.endsWith("h")) return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
      return Duration.ofSeconds(Long.parseLong(v));
    } catch (RuntimeException e) {
      throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (use e.g. 500ms, 2s, 5m)");
    }
  }
}
