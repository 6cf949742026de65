package org.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.minternet.dns.client.DnsClient;
import org.minternet.dns.wire.Message;
import org.minternet.dns.wire.Name;
import org.minternet.dns.wire.Question;
import org.minternet.dns.wire.Rcode;
import org.minternet.dns.wire.RrTypes;
import picocli.CommandLine;

/**
 * {@code minternet dns serve}, {@code dns resolver}, {@code dig} and {@code dns register} as a user
 * runs them: parsed by picocli, started, asked, and their output as before.
 */
class DnsCliTest {
  static final String SECRET = "cmVnaXN0cmFyLXNlY3JldC1mb3ItdGVzdHM=";
  static final Pattern UDP_PORT = Pattern.compile("on udp 127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream oldOut;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
  }

  /** What {@code minternet ARGS} would run, parsed but not run. */
  static Object parsed(String... args) {
    CommandLine.ParseResult r = new CommandLine(new Main()).parseArgs(args);
    while (r.hasSubcommand()) r = r.subcommand();
    return r.commandSpec().userObject();
  }

  static int port(String output) {
    Matcher m = UDP_PORT.matcher(output);
    assertThat(m.find()).as(output).isTrue();
    return Integer.parseInt(m.group(1));
  }

  static Message ask(int port, String name, int type, boolean tcp) throws Exception {
    return DnsClient.query(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
        Message.query(7, Question.in(Name.of(name), type), !tcp),
        new DnsClient.Options(java.time.Duration.ofSeconds(3), 2, tcp)).response();
  }

  Path zone(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return f;
  }

  @Test
  void dnsServePrintsItsEndpointsAndAnswersOverUdpAndTcp() throws Exception {
    Path z = zone("t.zone", "$TTL 300\n@ SOA ns hm 1 3600 600 86400 60\n NS ns\nns A 127.0.0.1\nwww A 127.9.9.9\n");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    DnsCli.Serve serve = (DnsCli.Serve) parsed("dns", "serve", "--bind", "127.0.0.1", "-p", "0", "--zone", "t.test=" + z);
    try (AutoCloseable running = serve.start(new PrintStream(text, true, StandardCharsets.UTF_8))) {
      String printed = text.toString(StandardCharsets.UTF_8);
      int port = port(printed);
      assertThat(printed.lines()).containsExactly("dns serving on udp 127.0.0.1:" + port,
          "dns serving on tcp 127.0.0.1:" + port);
      for (boolean tcp : new boolean[] {false, true}) {
        Message m = ask(port, "www.t.test.", RrTypes.A, tcp);
        assertThat(m.header().aa()).isTrue();
        assertThat(m.answers()).extracting(r -> r.data().toText()).containsExactly("127.9.9.9");
      }

      // dig, as the user types it: @server, -p, a type, AXFR and IXFR=serial
      assertThat(Main.execute("dig", "@127.0.0.1", "-p", String.valueOf(port), "www.t.test")).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("; <<>> minternet dig <<>> @127.0.0.1 www.t.test A -p " + port)
          .contains(";; ->>HEADER<<- opcode: QUERY, status: NOERROR")
          .containsPattern("www\\.t\\.test\\.\\s+300\\s+IN\\s+A\\s+127\\.9\\.9\\.9")
          .contains(";; SERVER: 127.0.0.1#" + port + "(127.0.0.1) (UDP)");
      out.reset();
      assertThat(Main.execute("dig", "@127.0.0.1", "-p", String.valueOf(port), "t.test", "AXFR")).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains(";; XFR size: 5 records");
      out.reset();
      assertThat(Main.execute("dig", "@127.0.0.1", "-p", String.valueOf(port), "t.test", "IXFR=1")).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains(";; XFR size: 1 records");
      out.reset();
      assertThat(Main.execute("dig", "@127.0.0.1", "-p", String.valueOf(port), "www.t.test", "+bogus"))
          .isEqualTo(Main.USAGE);
    }
  }

  @Test
  void dnsServeWithAZoneFileInErrorSaysSoAndFails() throws Exception {
    Path z = zone("bad.zone", "@ SOA ns hm\n");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    DnsCli.Serve serve = (DnsCli.Serve) parsed("dns", "serve", "-p", "0", "--zone", "bad.test=" + z);
    assertThat(serve.start(new PrintStream(text, true, StandardCharsets.UTF_8))).isNull();
    assertThat(text.toString(StandardCharsets.UTF_8)).startsWith("dns serve: ");
    assertThat(Main.execute("dns", "serve", "--zone", "no-equals-sign")).isEqualTo(Main.USAGE);
  }

  @Test
  void dnsResolverResolvesFromTheRootItIsGivenAndTraceWalksDown() throws Exception {
    Path root = zone("root.zone", """
        $TTL 86400
        . SOA ns.root. hm.root. 1 3600 900 604800 3600
        . NS ns.root.
        ns.root. A 127.0.0.1
        www.bench.minternet. A 10.0.1.1
        """);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream p = new PrintStream(text, true, StandardCharsets.UTF_8);
    DnsCli.Serve serve = (DnsCli.Serve) parsed("dns", "serve", "-p", "0", "--zone", ".=" + root);
    try (AutoCloseable auth = serve.start(p)) {
      int authPort = port(text.toString(StandardCharsets.UTF_8));
      text.reset();
      ResolverCli resolver = (ResolverCli) parsed("dns", "resolver", "--bind", "127.0.0.1", "-p", "0",
          "--root", "127.0.0.1", "--authority-port", String.valueOf(authPort), "--rate-limit", "0",
          "--max-cache-mb", "16", "--no-prefetch");
      try (AutoCloseable running = resolver.start(p)) {
        String printed = text.toString(StandardCharsets.UTF_8);
        int port = port(printed);
        assertThat(printed.lines()).containsExactly("dns resolver: listening on udp 127.0.0.1:" + port,
            "dns resolver: listening on tcp 127.0.0.1:" + port, "try: dig @127.0.0.1 -p " + port + " NAME");
        for (boolean tcp : new boolean[] {false, true}) {
          Message m = ask(port, "www.bench.minternet.", RrTypes.A, tcp);
          assertThat(m.header().ra()).isTrue();
          assertThat(m.answers()).extracting(r -> r.data().toText()).containsExactly("10.0.1.1");
        }
        assertThat(Main.execute("dig", "@127.0.0.1", "-p", String.valueOf(authPort), "www.bench.minternet", "+trace"))
            .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("; <<>> minternet dig <<>> +trace @127.0.0.1")
            .containsPattern("www\\.bench\\.minternet\\.\\s+86400\\s+IN\\s+A\\s+10\\.0\\.1\\.1");
      }
    }
    assertThat(Main.execute("dns", "resolver", "--rate-limit", "-1")).isEqualTo(Main.USAGE);
    assertThat(Main.execute("dns", "resolver", "--bogus")).isEqualTo(Main.USAGE);
  }

  @Test
  void dnsRegisterAddsTheDelegationWithASignedUpdate() throws Exception {
    Path parent = zone("test.zone", "$TTL 300\n@ SOA ns hm 1 3600 600 86400 60\n NS ns\nns A 127.0.0.1\n");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    DnsCli.Serve serve = (DnsCli.Serve) parsed("dns", "serve", "-p", "0", "--zone", "test=" + parent,
        "--key", "registrar.:" + SECRET);
    try (AutoCloseable running = serve.start(new PrintStream(text, true, StandardCharsets.UTF_8))) {
      int port = port(text.toString(StandardCharsets.UTF_8));
      assertThat(Main.execute("dns", "register", "new.test", "--ns", "ns.new.test", "--ns-address", "127.0.0.9",
          "--server", "127.0.0.1", "-p", String.valueOf(port), "--key", "registrar.:" + SECRET)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8).strip())
          .isEqualTo("registered new.test. in test. at 127.0.0.1#" + port + " with ns.new.test");
      Message referral = ask(port, "www.new.test.", RrTypes.A, false);
      assertThat(referral.authority()).extracting(r -> r.data().toText()).containsExactly("ns.new.test.");
      assertThat(referral.additional()).extracting(r -> r.data().toText()).contains("127.0.0.9");
      out.reset();
      assertThat(Main.execute("dns", "register", "new.test", "--ns", "ns.new.test", "--ns-address", "127.0.0.9",
          "--server", "127.0.0.1", "-p", String.valueOf(port), "--key", "registrar.:" + SECRET)).isEqualTo(Main.FAILED);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("the parent server answered "
          + Rcode.toText(Rcode.YXRRSET));

      // --create-on: the new domain's zone on an authoritative server too, then the delegation
      out.reset();
      assertThat(Main.execute("dns", "register", "other.test", "--ns", "ns.other.test", "--ns-address", "127.0.0.1",
          "--server", "127.0.0.1", "-p", String.valueOf(port), "--key", "registrar.:" + SECRET,
          "--create-on", "127.0.0.1", "--web-address", "127.0.0.10")).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
          "created zone other.test. (3 records) on 127.0.0.1",
          "registered other.test. in test. at 127.0.0.1#" + port + " with ns.other.test");
      assertThat(ask(port, "www.other.test.", RrTypes.A, false).answers()).extracting(r -> r.data().toText())
          .containsExactly("127.0.0.10");
    }
  }

  @Test
  void dnsServeRunsUntilStoppedAndExitsZero() throws Exception {
    Path z = zone("t.zone", "$TTL 300\n@ SOA ns hm 1 3600 600 86400 60\n NS ns\nns A 127.0.0.1\nwww A 127.9.9.9\n");
    java.util.concurrent.atomic.AtomicInteger exit = new java.util.concurrent.atomic.AtomicInteger(-1);
    Thread t = Thread.ofVirtual().start(() -> exit.set(Main.execute("dns", "serve", "-p", "0", "--zone", "t.test=" + z)));
    String printed = "";
    for (int i = 0; i < 200 && !printed.contains("on tcp"); i++) {
      Thread.sleep(50);
      printed = out.toString(StandardCharsets.UTF_8);
    }
    assertThat(ask(port(printed), "www.t.test.", RrTypes.A, true).answers()).hasSize(1);
    SocketsCommand.stopServing();
    t.join(10_000);
    assertThat(exit.get()).isZero();
  }
}
