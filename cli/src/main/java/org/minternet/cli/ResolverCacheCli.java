package org.minternet.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.minternet.dns.client.DnsClient;
import org.minternet.dns.wire.DnsClass;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.Record;
import org.minternet.dns.wire.RrTypes;
import org.minternet.dns.wire.TxtRData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code minternet dns cache}: inspects and flushes a running resolver's cache through its
 * loopback-only CHAOS TXT control names ({@code stats.resolver.minternet} …).
 */
@Command(name = "cache", mixinStandardHelpOptions = true,
    description = {"Inspect or flush the cache of a running resolver (the world's by default).",
        "ACTION is stats, list NAME, flush NAME, flush-domain DOMAIN or flush-all."},
    footer = {"", "Examples:", "  minternet dns cache stats", "  minternet dns cache flush-domain umass.edu"})
final class ResolverCacheCli implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ACTION")
  String action;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NAME")
  String name;

  @Option(names = "--server", defaultValue = DigCli.WORLD_RESOLVER, description = "The resolver (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(names = {"-p", "--port"}, defaultValue = "5300", description = "Its port (default: ${DEFAULT-VALUE}).")
  int port;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String control = switch (action) {
      case "stats" -> "stats";
      case "flush-all" -> "all.flush";
      case "list" -> needName() + ".list";
      case "flush" -> needName() + ".flush";
      case "flush-domain" -> needName() + ".flush-domain";
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "ACTION must be stats, list, flush, flush-domain or flush-all");
    };
    Question q = new Question(Name.of(control + ".resolver.minternet."), RrTypes.TXT, DnsClass.CH);
    Message query = Message.query(DnsClient.newId(), q, false);
    DnsClient.Exchange x = DnsClient.query(new InetSocketAddress(InetAddress.getByName(server), port), query,
        new DnsClient.Options(java.time.Duration.ofSeconds(3), 2, true, null));
    Message r = x.response();
    if (r.rcode() != Rcode.NOERROR) {
      System.err.println("minternet: the resolver answered " + Rcode.toText(r.rcode()));
      return Main.FAILED;
    }
    for (Record rec : r.answers()) {
      if (rec.data() instanceof TxtRData txt) {
        for (byte[] s : txt.strings()) System.out.println(new String(s, StandardCharsets.UTF_8));
      }
    }
    return 0;
  }

  private String needName() {
    if (name == null) throw new CommandLine.ParameterException(spec.commandLine(), action + " needs a NAME");
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
