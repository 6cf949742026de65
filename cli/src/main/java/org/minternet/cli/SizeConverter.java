package org.minternet.cli;

import java.util.Locale;
import picocli.CommandLine;

/** Reads sizes written like 512, 64k, 16m, 1g, in powers of 1024 (as the proxy's --memory and --max-object). */
final class SizeConverter implements CommandLine.ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    long n;
    try {
      n = bytes(value);
    } catch (RuntimeException e) {
      throw new CommandLine.TypeConversionException("not a size: '" + value + "' (use e.g. 512, 64k, 16m, 1g)");
    }
    if (n < 1) throw new CommandLine.TypeConversionException("size must be at least 1 byte: '" + value + "'");
    return n;
  }

  static long bytes(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 1;
    };
    if (unit > 1) t = t.substring(0, t.length() - 1);
    return Math.multiplyExact(Long.parseLong(t), unit);
  }
}
