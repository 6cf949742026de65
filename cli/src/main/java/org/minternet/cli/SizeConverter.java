package org.minternet.cli;

import org.minternet.http.proxy.ProxyServe;
import picocli.CommandLine;

/** Reads sizes written like 512, 64k, 16m, 1g (as the proxy's --memory and --max-object). */
final class SizeConverter implements CommandLine.ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    long n;
    try {
      n = ProxyServe.bytes(value);
    } catch (RuntimeException e) {
      throw new CommandLine.TypeConversionException("not a size: '" + value + "' (use e.g. 512, 64k, 16m, 1g)");
    }
    if (n < 1) throw new CommandLine.TypeConversionException("size must be at least 1 byte: '" + value + "'");
    return n;
  }
}
