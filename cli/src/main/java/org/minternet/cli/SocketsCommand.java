package org.minternet.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.minternet.core.tap.Transcript;
import org.minternet.sockets.PingStatistics;
import org.minternet.sockets.SelectorUppercaseServer;
import org.minternet.sockets.TcpUppercaseServer;
import org.minternet.sockets.UdpPingClient;
import org.minternet.sockets.UdpPingServer;
import org.minternet.sockets.UdpUppercaseServer;
import org.minternet.sockets.UppercaseClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code minternet sockets}: the textbook's socket programs. */
@Command(name = "sockets", mixinStandardHelpOptions = true,
    description = "The textbook's socket programs: uppercase servers and clients over UDP and TCP,"
        + " the UDP pinger, and a select-style server.",
    subcommands = {SocketsCommand.TcpServer.class, SocketsCommand.TcpClient.class,
        SocketsCommand.UdpServer.class, SocketsCommand.UdpClient.class,
        SocketsCommand.PingServer.class, SocketsCommand.Ping.class, SocketsCommand.SelectServer.class})
final class SocketsCommand extends CommandGroup {
  /** Options every server shares. */
  static class ServerOptions {
    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
        description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "12000",
        description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--transcript", description = "Print every exchange as it happens.")
    boolean transcript;

    Transcript tap() {
      Transcript t = new Transcript(1000);
      if (transcript) t.subscribe(e -> System.err.println(e));
      return t;
    }
  }

  /** What each server running in this JVM waits on; {@link #stopServing} releases them (tests). */
  private static final java.util.Set<CountDownLatch> SERVING = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Prints {@code what} and keeps {@code server} running until the JVM stops (Ctrl-C, a signal) or
   * {@link #stopServing} is called, then closes it.
   */
  static void runUntilStopped(AutoCloseable server, String what) throws InterruptedException {
    runUntilStopped(server, () -> {
      System.out.println(what + " (Ctrl-C stops)");
      System.out.flush();
    });
  }

  /** Like {@link #runUntilStopped(AutoCloseable, String)}, with a banner of the command's own, printed once the server can be stopped. */
  static void runUntilStopped(AutoCloseable server, Runnable banner) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      closeQuietly(server);
      done.countDown();
    });
    Runtime.getRuntime().addShutdownHook(hook);
    SERVING.add(done);
    // the banner last: whoever sees it (a user, a script, a test) can stop the server
    banner.run();
    try {
      done.await();
    } finally {
      SERVING.remove(done);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      closeQuietly(server);
    } catch (IllegalStateException shuttingDown) {
      // the hook closes it
    }
  }

  /** Starts a server, printing what it says on {@code out}; null when it did not start. */
  @FunctionalInterface
  interface Starter {
    AutoCloseable start(java.io.PrintStream out) throws Exception;
  }

  /**
   * Starts a server that prints its own banner, holds that banner back until the server can be
   * stopped, then keeps it running as {@link #runUntilStopped(AutoCloseable, String)} does; returns
   * the exit code ({@link Main#FAILED} when it did not start).
   */
  static int startAndRunUntilStopped(Starter starter) throws Exception {
    java.io.ByteArrayOutputStream banner = new java.io.ByteArrayOutputStream();
    AutoCloseable running;
    try {
      running = starter.start(new java.io.PrintStream(banner, true, java.nio.charset.StandardCharsets.UTF_8));
    } catch (Exception | Error e) {
      printBanner(banner);
      throw e;
    }
    if (running == null) {
      printBanner(banner);
      return Main.FAILED;
    }
    runUntilStopped(running, () -> printBanner(banner));
    return 0;
  }

  private static void printBanner(java.io.ByteArrayOutputStream banner) {
    System.out.print(banner.toString(java.nio.charset.StandardCharsets.UTF_8));
    System.out.flush();
  }

  /** Stops every server that {@link #runUntilStopped} keeps running (for tests of the serve commands). */
  static void stopServing() {
    for (CountDownLatch l : SERVING) l.countDown();
  }

  private static void closeQuietly(AutoCloseable server) {
    try {
      server.close();
    } catch (Exception ignored) {
      // exiting
    }
  }

  @Command(name = "tcp-server", mixinStandardHelpOptions = true,
      description = "TCP uppercase server, one thread per connection: answers each line in upper case.")
  static final class TcpServer implements Callable<Integer> {
    @picocli.CommandLine.Mixin ServerOptions server;

    @Option(names = "--max-connections", defaultValue = "1000", description = "Connections served at once (default: ${DEFAULT-VALUE}).")
    int max;

    @Override
    public Integer call() throws Exception {
      TcpUppercaseServer s = TcpUppercaseServer.start(InetAddress.getByName(server.bind), server.port,
          server.bind, max, Duration.ofMinutes(5), server.tap());
      runUntilStopped(s, "tcp-upper listening on " + s.endpoint().hostPort());
      return 0;
    }
  }

  @Command(name = "select-server", mixinStandardHelpOptions = true,
      description = "The same uppercase server, but one thread multiplexing all connections with a Selector.")
  static final class SelectServer implements Callable<Integer> {
    @picocli.CommandLine.Mixin ServerOptions server;

    @Option(names = "--max-connections", defaultValue = "10000", description = "Connections served at once (default: ${DEFAULT-VALUE}).")
    int max;

    @Override
    public Integer call() throws Exception {
      SelectorUppercaseServer s = SelectorUppercaseServer.start(InetAddress.getByName(server.bind),
          server.port, server.bind, max, Duration.ofMinutes(5));
      runUntilStopped(s, "select-upper listening on " + s.endpoint().hostPort());
      return 0;
    }
  }

  @Command(name = "udp-server", mixinStandardHelpOptions = true,
      description = "UDP uppercase server: answers each datagram in upper case.")
  static final class UdpServer implements Callable<Integer> {
    @picocli.CommandLine.Mixin ServerOptions server;

    @Override
    public Integer call() throws Exception {
      UdpUppercaseServer s = UdpUppercaseServer.start(InetAddress.getByName(server.bind), server.port,
          server.bind, server.tap());
      runUntilStopped(s, "udp-upper listening on " + s.endpoint().hostPort() + "/udp");
      return 0;
    }
  }

  @Command(name = "ping-server", mixinStandardHelpOptions = true,
      description = "UDP pinger server: echoes pings, dropping a share of them to show loss.")
  static final class PingServer implements Callable<Integer> {
    @picocli.CommandLine.Mixin ServerOptions server;

    @Option(names = "--loss", defaultValue = "0.3", description = "Share of pings to drop, 0 to 1 (default: ${DEFAULT-VALUE}).")
    double loss;

    @Override
    public Integer call() throws Exception {
      UdpPingServer s = UdpPingServer.start(InetAddress.getByName(server.bind), server.port, server.bind,
          loss, server.tap());
      runUntilStopped(s, "udp-ping listening on " + s.endpoint().hostPort() + "/udp, dropping "
          + Math.round(loss * 100) + "%");
      return 0;
    }
  }

  /** Options every client shares. */
  static class ClientOptions {
    @Parameters(index = "0", paramLabel = "HOST", description = "Server address or name.")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "12000", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--timeout", defaultValue = "1s", description = "How long to wait for an answer (default: ${DEFAULT-VALUE}).",
        converter = DurationConverter.class)
    Duration timeout;

    InetSocketAddress address() throws Exception {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    }
  }

  @Command(name = "tcp-client", mixinStandardHelpOptions = true,
      description = "Sends a line to a TCP uppercase server and prints the answer.")
  static final class TcpClient implements Callable<Integer> {
    @picocli.CommandLine.Mixin ClientOptions client;

    @Parameters(index = "1", paramLabel = "TEXT", description = "The line to send.")
    String text;

    @Override
    public Integer call() throws Exception {
      System.out.println(UppercaseClient.tcp(client.address(), text, client.timeout));
      return 0;
    }
  }

  @Command(name = "udp-client", mixinStandardHelpOptions = true,
      description = "Sends a datagram to a UDP uppercase server and prints the answer.")
  static final class UdpClient implements Callable<Integer> {
    @picocli.CommandLine.Mixin ClientOptions client;

    @Parameters(index = "1", paramLabel = "TEXT", description = "The text to send.")
    String text;

    @Override
    public Integer call() throws Exception {
      System.out.println(UppercaseClient.udp(client.address(), text, client.timeout));
      return 0;
    }
  }

  @Command(name = "ping", mixinStandardHelpOptions = true,
      description = "UDP pinger client: sends pings, prints each RTT, then loss and min/avg/max/mdev."
          + " Exits 1 when no ping came back.")
  static final class Ping implements Callable<Integer> {
    @picocli.CommandLine.Mixin ClientOptions client;

    @Option(names = {"-c", "--count"}, defaultValue = "10", description = "Pings to send (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = {"-i", "--interval"}, defaultValue = "1s", converter = DurationConverter.class,
        description = "Time between pings (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Override
    public Integer call() throws Exception {
      if (client.port == 12000 && !portGiven()) client.port = 12001;
      PingStatistics s = UdpPingClient.ping(client.address(), count, interval, client.timeout, System.out);
      return s.received() == 0 ? Main.FAILED : 0;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private boolean portGiven() {
      return spec.commandLine().getParseResult().hasMatchedOption("--port");
    }
  }
}
