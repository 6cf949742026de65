package org.minternet.dns.client;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code minternet dig} was asked, already parsed by the command line.
 *
 * @param name the name to look up ("." when omitted)
 * @param type the type mnemonic ({@code A} when omitted); {@code AXFR} transfers the zone, {@code IXFR=serial}
 *     asks for the changes since that serial
 * @param server the server to ask, as an address or host name; null for the system's first
 *     name server from {@code /etc/resolv.conf} (with {@code +trace}: the root server to start at)
 * @param port the server's port (53, or the world's DNS port such as 5300)
 * @param tcp {@code +tcp}
 * @param recurse false for {@code +norec}
 * @param trace {@code +trace}: iterate from the root server, showing each step
 * @param timeout per try ({@code +time})
 * @param tries {@code +tries}
 */
public record DigOptions(String name, String type, String server, int port, boolean tcp,
    boolean recurse, boolean trace, Duration timeout, int tries) {
  public DigOptions {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timeout, "timeout");
    if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port);
  }

  /** A lookup of {@code name}/{@code type} at {@code server}:{@code port} with dig's defaults. */
  public static DigOptions of(String name, String type, String server, int port) {
    return new DigOptions(name, type, server, port, false, true, false, Duration.ofSeconds(5), 3);
  }

  public DigOptions withTcp(boolean t) {
    return new DigOptions(name, type, server, port, t, recurse, trace, timeout, tries);
  }

  public DigOptions withRecurse(boolean r) {
    return new DigOptions(name, type, server, port, tcp, r, trace, timeout, tries);
  }

  public DigOptions withTrace(boolean t) {
    return new DigOptions(name, type, server, port, tcp, recurse, t, timeout, tries);
  }
}
