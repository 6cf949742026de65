package org.minternet.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.minternet.dns.client.Dig;
import org.minternet.dns.client.DigOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code minternet dig}: dig's syntax, sections and flags, against the world by default. */
@Command(name = "dig", mixinStandardHelpOptions = true,
    description = {"Ask a DNS server, with output like dig's.",
        "Without @SERVER it asks the world's local resolver (127.0.0.53 on the world's DNS port);"
            + " with +trace it starts at the world's root (127.1.0.1) and shows each referral."},
    footer = {"", "Examples:", "  minternet dig gaia.cs.umass.edu",
        "  minternet dig @127.1.0.1 www.someschool.edu +norec",
        "  minternet dig www.someschool.edu +trace", "  minternet dig @127.3.0.1 umass.edu AXFR"})
final class DigCli implements Callable<Integer> {
  /** The world's local resolver and root in the default world. */
  static final String WORLD_RESOLVER = "127.0.0.53";
  static final String WORLD_ROOT = "127.1.0.1";
  static final int WORLD_DNS_PORT = 5300;

  @Parameters(paramLabel = "ARG", arity = "0..*",
      description = "NAME, TYPE (A, AAAA, MX, NS, SOA, TXT, CNAME, SRV, CAA, PTR, ANY, AXFR, IXFR=serial …), @SERVER,"
          + " and query options +tcp, +norec, +trace, +time=SECONDS, +tries=N.")
  List<String> args = new ArrayList<>();

  @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Server port (default: the world's DNS port, 5300).")
  Integer port;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    String name = null;
    String type = null;
    String server = null;
    boolean tcp = false;
    boolean recurse = true;
    boolean trace = false;
    Duration timeout = Duration.ofSeconds(5);
    int tries = 3;
    for (String a : args) {
      String lower = a.toLowerCase(Locale.ROOT);
      if (a.startsWith("@")) {
        server = a.substring(1);
      } else if (lower.equals("+tcp") || lower.equals("+vc")) {
        tcp = true;
      } else if (lower.equals("+notcp")) {
        tcp = false;
      } else if (lower.equals("+norec") || lower.equals("+norecurse")) {
        recurse = false;
      } else if (lower.equals("+rec") || lower.equals("+recurse")) {
        recurse = true;
      } else if (lower.equals("+trace")) {
        trace = true;
      } else if (lower.startsWith("+time=")) {
        timeout = Duration.ofSeconds(positive(a.substring(6), a));
      } else if (lower.startsWith("+tries=")) {
        tries = positive(a.substring(7), a);
      } else if (a.startsWith("+")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown query option " + a);
      } else if (name == null) {
        name = a;
      } else if (type == null) {
        type = a.toUpperCase(Locale.ROOT);
      } else {
        throw new CommandLine.ParameterException(spec.commandLine(), "unexpected argument " + a);
      }
    }
    if (server == null) server = trace ? WORLD_ROOT : WORLD_RESOLVER;
    DigOptions o = new DigOptions(name == null ? "." : name, type == null ? "A" : type, server,
        port == null ? WORLD_DNS_PORT : port, tcp, recurse, trace, timeout, tries);
    int rc = Dig.run(o, System.out);
    System.out.flush();
    return rc == 0 ? 0 : Main.FAILED;
  }

  private int positive(String v, String arg) {
    try {
      int n = Integer.parseInt(v);
      if (n < 1) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "not a positive number in " + arg);
    }
  }
}
