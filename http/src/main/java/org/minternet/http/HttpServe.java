package org.minternet.http;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one origin server from the command line until killed (used by {@code bench/http}; the CLI
 * has its own {@code minternet http serve}). Arguments: {@code --root DIR} (repeatable as
 * {@code --site NAME=DIR}), {@code --port N}, {@code --bind ADDRESS}, {@code --log FILE}. The
 * textbook site and its demo applications are the world's content: {@code minternet http serve}.
 */
public final class HttpServe {
  private HttpServe() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int port = 8080;
    InetAddress bind = InetAddress.getLoopbackAddress();
    List<Site> sites = new ArrayList<>();
    String log = null;
    List<String[]> roots = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[++i]);
        case "--bind" -> bind = InetAddress.getByName(args[++i]);
        case "--root" -> roots.add(new String[] {"localhost", args[++i]});
        case "--site" -> roots.add(args[++i].split("=", 2));
        case "--log" -> log = args[++i];
        default -> {
          System.err.println("usage: HttpServe [--port N] [--bind ADDR] [--root DIR | --site NAME=DIR]..."
              + " [--log FILE]");
          System.exit(2);
        }
      }
    }
    for (String[] r : roots) sites.add(Site.builder(r[0]).root(Path.of(r[1])).build());
    HttpServer.Builder b = HttpServer.builder().bind(bind).port(port);
    for (Site s : sites) b.site(s);
    if (log != null) b.accessLog(AccessLog.toFile(Path.of(log)));
    HttpServer server = b.build();
    server.start();
    System.out.println("http: listening on " + bind.getHostAddress() + ":" + server.port());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }
}
