package org.minternet.http.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.minternet.core.tls.TlsContexts;
import org.minternet.http.wire.Headers;

/**
 * {@code minternet fetch}: a curl-like download ({@code -I -X -H -d -o -L --proxy -v --compressed
 * --max-filesize}), cookies kept in a cookies.txt file, a local cache revalidated with conditional
 * GET, and with {@code --objects} the textbook's page load: the base page, then every object it
 * references in one of the {@link FetchOptions.Mode modes}, with a waterfall of connect, wait and
 * transfer times.
 */
public final class Fetch {
  private Fetch() {}

  /**
   * One exchange of a page load; {@code error} says why the object failed after its response
   * head arrived (e.g. its body could not be decoded), null when it did not.
   */
  public record Row(URI uri, int status, ClientResponse.Timing timing, int connection,
      String error) {
    public Row(URI uri, int status, ClientResponse.Timing timing, int connection) {
      this(uri, status, timing, connection, null);
    }
  }

  /** The result of a page load: every exchange, the wall time and the connections opened. */
  public record PageLoad(List<Row> rows, long totalNanos, int connections) {}

  /** Runs a fetch, writing the body (or the waterfall) to {@code out}, diagnostics to stderr. */
  public static int run(FetchOptions o, PrintStream out) {
    return run(o, out, System.err);
  }

  /**
   * Runs a fetch.
   *
   * @return the exit status: 0 when a response arrived (whatever its status), 1 on failure
   */
  public static int run(FetchOptions o, PrintStream out, PrintStream err) {
    CookieJar jar = null;
    try {
      jar = o.cookieFile() != null ? CookieJar.load(o.cookieFile()) : CookieJar.empty();
      try (HttpClient client = client(o, jar, err, o.objects() && o.mode() == FetchOptions.Mode.NON_PERSISTENT)) {
        if (o.objects()) {
          PageLoad load = loadPage(o, client);
          printWaterfall(load, o, out);
        } else {
          single(o, client, out, err);
        }
      }
      if (o.cookieFile() != null) jar.save(o.cookieFile());
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("fetch: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      return 1;
    }
  }

  static HttpClient client(FetchOptions o, CookieJar jar, PrintStream err, boolean close)
      throws IOException {
    HttpClient.Builder b = HttpClient.builder().cookies(jar).resolver(o.resolver())
        .timeout(o.timeout()).followRedirects(o.location() ? 10 : 0).keepAlive(!close)
        .compressed(o.compressed()).maxBody(o.maxFileSize());
    if (o.insecure()) b.tls(TlsContexts.opportunistic());
    else if (o.tls() != null) b.tls(o.tls());
    if (o.proxy() != null) b.proxy(proxyAddress(o));
    if (o.verbose()) b.wireLog(err::println);
    return b.build();
  }

  private static InetSocketAddress proxyAddress(FetchOptions o) throws IOException {
    String p = o.proxy();
    if (p.contains("://")) p = p.substring(p.indexOf("://") + 3);
    if (p.endsWith("/")) p = p.substring(0, p.length() - 1);
    int colon = p.lastIndexOf(':');
    String host = colon < 0 ? p : p.substring(0, colon);
    int port = colon < 0 ? 3128 : Integer.parseInt(p.substring(colon + 1));
    return new InetSocketAddress(o.resolver().addresses(host).get(0), port);
  }

  static ClientRequest request(FetchOptions o, URI uri) throws IOException {
    byte[] body = null;
    if (o.data() != null) {
      body = o.data().startsWith("@") ? Files.readAllBytes(Path.of(o.data().substring(1)))
          : o.data().getBytes(StandardCharsets.UTF_8);
    }
    String method = o.method() != null ? o.method() : o.head() ? "HEAD" : body != null ? "POST" : "GET";
    Headers.Builder h = Headers.builder();
    for (String line : o.headers()) {
      int colon = line.indexOf(':');
      if (colon <= 0) throw new IllegalArgumentException("bad header: " + line);
      h.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    if (body != null && !h.contains("Content-Type")) {
      h.add("Content-Type", "application/x-www-form-urlencoded");
    }
    return new ClientRequest(method, uri, h.build(), body);
  }

  private static void single(FetchOptions o, HttpClient client, PrintStream out, PrintStream err)
      throws IOException {
    URI uri = URI.create(o.url());
    ClientRequest req = request(o, uri);
    LocalCache cache = o.cacheDir() != null && req.method().equals("GET")
        ? new LocalCache(o.cacheDir()) : null;
    LocalCache.Entry cached = cache == null ? null : cache.lookup(uri);
    if (cached != null) {
      Headers.Builder h = req.headers().toBuilder();
      for (Headers.Field f : cached.validators().fields()) h.set(f.name(), f.value());
      req = req.withHeaders(h.build());
    }
    boolean toMemory = cache != null || o.output() == null;
    Path tmp = null;
    ClientResponse r;
    if (toMemory) {
      r = client.send(req);
    } else {
      Path target = o.output().toAbsolutePath();
      Files.createDirectories(target.getParent());
      tmp = Files.createTempFile(target.getParent(), ".fetch", ".part");
      try (OutputStream file = Files.newOutputStream(tmp)) {
        Progress progress = o.progress() ? new Progress(err) : null;
        r = client.send(req, file, progress == null ? null : progress::update);
        if (progress != null) progress.done();
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(tmp); // no partial download left behind
        throw e;
      }
    }
    report(o, r, err);
    if (cache != null) {
      if (r.status() == 304 && cached != null) {
        r = cache.freshen(cached, r);
        err.println("fetch: 304 Not Modified, using the local cache");
      } else {
        cache.store(r);
      }
    }
    if (o.head() || o.include()) {
      out.print(r.statusLine() + "\r\n" + r.headers() + "\r\n");
    }
    if (o.head()) return;
    if (tmp != null) {
      Files.move(tmp, o.output(), StandardCopyOption.REPLACE_EXISTING);
    } else if (o.output() != null) {
      Files.write(o.output(), r.body());
    } else {
      out.write(r.body());
      out.flush();
    }
  }

  /**
   * In compressed mode, says on {@code err} which codings stay on the body; with {@code -v}, the
   * sizes transferred and decoded.
   */
  private static void report(FetchOptions o, ClientResponse r, PrintStream err) {
    if (!o.compressed()) return;
    ClientResponse.Codings codings = r.codings();
    if (!codings.undecoded().isEmpty()) {
      err.println("fetch: the body is left in Content-Encoding "
          + String.join(", ", codings.undecoded()) + " (the client decodes only gzip and deflate)");
    }
    if (o.verbose() && codings.isDecoded()) {
      err.println("fetch: " + r.timing().bytes() + " bytes transferred, "
          + r.timing().decodedBytes() + " bytes decoded (" + String.join(", ", codings.decoded())
          + ")");
    }
  }

  /** Downloads a page and the objects it references in the configured mode. */
  public static PageLoad loadPage(FetchOptions o) throws IOException {
    CookieJar jar = o.cookieFile() != null ? CookieJar.load(o.cookieFile()) : CookieJar.empty();
    try (HttpClient client = client(o, jar, System.err, o.mode() == FetchOptions.Mode.NON_PERSISTENT)) {
      return loadPage(o, client);
    }
  }

  private static PageLoad loadPage(FetchOptions o, HttpClient client) throws IOException {
    URI base = URI.create(o.url());
    boolean persistent = o.mode() != FetchOptions.Mode.NON_PERSISTENT;
    AtomicInteger connections = new AtomicInteger();
    Queue<Row> rows = new ConcurrentLinkedQueue<>();
    long t0 = System.nanoTime();
    ClientConnection first = client.open(Origin.of(base));
    int firstId = connections.incrementAndGet();
    ClientResponse page = exchange(client, first, get(o, base), t0, o.maxFileSize());
    rows.add(new Row(base, page.status(), page.timing(), firstId));
    if (!persistent || !first.reusable()) first.close();
    List<URI> objects = page.status() == 200 ? HtmlObjects.find(page.bodyText(), base) : List.of();
    Map<Origin, List<URI>> byOrigin = new LinkedHashMap<>();
    for (URI u : objects) byOrigin.computeIfAbsent(Origin.of(u), k -> new ArrayList<>()).add(u);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> futures = new ArrayList<>();
      for (var e : byOrigin.entrySet()) {
        Origin origin = e.getKey();
        List<List<URI>> shares = new ArrayList<>();
        for (int i = 0; i < o.parallel(); i++) shares.add(new ArrayList<>());
        Queue<URI> queue = new ConcurrentLinkedQueue<>(e.getValue());
        for (int i = 0; i < e.getValue().size(); i++) shares.get(i % o.parallel()).add(e.getValue().get(i));
        for (int w = 0; w < o.parallel(); w++) {
          ClientConnection reuse = w == 0 && persistent && first.reusable()
              && first.origin.equals(origin) ? first : null;
          List<URI> share = shares.get(w);
          futures.add(pool.submit(() -> {
            switch (o.mode()) {
              case NON_PERSISTENT -> {
                for (URI u; (u = queue.poll()) != null; ) {
                  try (ClientConnection c = client.open(origin)) {
                    int id = connections.incrementAndGet();
                    rows.add(object(client, c, o, u, t0, id));
                  }
                }
              }
              case PERSISTENT -> {
                ClientConnection c = reuse;
                int id = reuse != null ? firstId : 0;
                if (c == null && !share.isEmpty()) {
                  // a browser opens its N connections at once; objects then go to whichever is free
                  c = client.open(origin);
                  id = connections.incrementAndGet();
                }
                for (URI u; (u = queue.poll()) != null; ) {
                  if (c == null || !c.reusable()) {
                    if (c != null) c.close();
                    c = client.open(origin);
                    id = connections.incrementAndGet();
                  }
                  rows.add(object(client, c, o, u, t0, id));
                }
                if (c != null) c.close();
              }
              case PIPELINED -> pipeline(client, o, origin, share, reuse, reuse != null ? firstId : 0,
                  connections, rows, t0);
            }
            return null;
          }));
        }
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException ex) {
          Throwable cause = ex.getCause();
          if (cause instanceof IOException io) throw io;
          throw new IOException(cause.getMessage(), cause);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
      }
    } finally {
      first.close();
    }
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong(r -> r.timing().start()));
    return new PageLoad(sorted, System.nanoTime() - t0, connections.get());
  }

  private static void pipeline(HttpClient client, FetchOptions o, Origin origin, List<URI> share,
      ClientConnection reuse, int reuseId, AtomicInteger connections, Queue<Row> rows, long t0)
      throws IOException {
    List<URI> left = new ArrayList<>(share);
    ClientConnection c = reuse;
    int id = reuseId;
    while (!left.isEmpty()) {
      if (c == null || !c.reusable()) {
        if (c != null) c.close();
        c = client.open(origin);
        id = connections.incrementAndGet();
      }
      List<ClientRequest> requests = new ArrayList<>();
      for (URI u : left) requests.add(get(o, u));
      long sent = System.nanoTime();
      for (ClientRequest r : requests) c.send(r, client.prepare(r, origin));
      c.flush();
      List<URI> done = new ArrayList<>();
      for (ClientRequest r : requests) {
        if (!c.reusable()) break;
        ClientResponse resp;
        try {
          resp = c.receive(r, null, null, t0, sent, o.maxFileSize(), false);
        } catch (ContentDecodingException e) {
          rows.add(failed(r.uri(), e, id));
          done.add(r.uri());
          break;
        } catch (IOException e) {
          if (done.isEmpty()) throw e;
          break;
        }
        client.remember(resp);
        rows.add(new Row(r.uri(), resp.status(), resp.timing(), id));
        done.add(r.uri());
      }
      left.removeAll(done);
      if (!left.isEmpty()) {
        c.close();
        c = null;
      }
    }
    if (c != null) c.close();
  }

  private static ClientRequest get(FetchOptions o, URI uri) throws IOException {
    ClientRequest r = request(o, uri);
    return new ClientRequest("GET", uri, r.headers(), null);
  }

  private static ClientResponse exchange(HttpClient client, ClientConnection c, ClientRequest r,
      long t0, long maxBody) throws IOException {
    Headers h = client.prepare(r, c.origin);
    long sent = System.nanoTime();
    c.send(r, h);
    c.flush();
    ClientResponse resp = c.receive(r, null, null, t0, sent, maxBody, false);
    client.remember(resp);
    return resp;
  }

  /** One object of a page load: its row, or a failed row when its body cannot be decoded. */
  private static Row object(HttpClient client, ClientConnection c, FetchOptions o, URI u, long t0,
      int id) throws IOException {
    try {
      ClientResponse r = exchange(client, c, get(o, u), t0, o.maxFileSize());
      return new Row(u, r.status(), r.timing(), id);
    } catch (ContentDecodingException e) {
      return failed(u, e, id);
    }
  }

  private static Row failed(URI u, ContentDecodingException e, int id) {
    ClientResponse.Timing t = e.timing() != null ? e.timing()
        : new ClientResponse.Timing(0, 0, 0, 0, 0, false);
    return new Row(u, e.status(), t, id, e.getMessage());
  }

  /**
   * Prints one line per exchange with a bar of connect (=), wait (.) and transfer (#) time. With
   * {@code --compressed}, a column of the decoded sizes follows that of the bytes transferred, and
   * an object whose body could not be decoded ends with "! " and the reason.
   */
  static void printWaterfall(PageLoad load, FetchOptions o, PrintStream out) {
    double total = Math.max(1, load.totalNanos());
    int width = 40;
    boolean decoded = o.compressed();
    out.printf(Locale.ROOT, "%-3s %-4s %8s " + (decoded ? "%8s " : "%s") + "%8s %8s %8s %8s  %-4s %-"
        + width + "s  %s%n", "#", "code", "bytes", decoded ? "decoded" : "", "start ms", "connect",
        "wait", "transfer", "conn", "timeline", "url");
    int i = 0;
    long bytes = 0;
    long decodedBytes = 0;
    int failed = 0;
    for (Row r : load.rows()) {
      ClientResponse.Timing t = r.timing();
      bytes += t.bytes();
      decodedBytes += t.decodedBytes();
      char[] bar = new char[width];
      java.util.Arrays.fill(bar, ' ');
      int a = (int) (t.start() / total * width);
      int b = (int) ((t.start() + t.connect()) / total * width);
      int c = (int) ((t.start() + t.connect() + t.waiting()) / total * width);
      int d = (int) Math.ceil((t.start() + t.total()) / total * width);
      for (int x = a; x < Math.min(width, Math.max(d, a + 1)); x++) {
        bar[x] = x < b ? '=' : x < c ? '.' : '#';
      }
      String sizes = decoded ? String.format(Locale.ROOT, "%8d %8d", t.bytes(), t.decodedBytes())
          : String.format(Locale.ROOT, "%8d", t.bytes());
      out.printf(Locale.ROOT, "%-3d %-4d %s %8.1f %8.1f %8.1f %8.1f  %-4d %s  %s%s%n", ++i,
          r.status(), sizes, ms(t.start()), ms(t.connect()), ms(t.waiting()), ms(t.transfer()),
          r.connection(), new String(bar), r.uri(), r.error() == null ? "" : "  ! " + r.error());
      if (r.error() != null) failed++;
    }
    out.println("timeline: = connect, . waiting for the first byte, # transfer");
    String size = decoded ? bytes + " bytes transferred (" + decodedBytes + " decoded)"
        : bytes + " bytes";
    out.printf(Locale.ROOT, "%d objects%s, %s, %d TCP connection%s, mode %s, parallel %d: "
        + "total %.1f ms%n", load.rows().size(), failed == 0 ? "" : " (" + failed + " failed)",
        size, load.connections(), load.connections() == 1 ? "" : "s",
        o.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'), o.parallel(),
        ms(load.totalNanos()));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** A progress line for large downloads, redrawn in place. */
  private static final class Progress {
    private final PrintStream err;
    private long lastPrint;
    private boolean printed;

    Progress(PrintStream err) {
      this.err = err;
    }

    void update(long bytes, long total) {
      long now = System.nanoTime();
      if (now - lastPrint < 200_000_000L || bytes < 1 << 20) return;
      lastPrint = now;
      printed = true;
      if (total > 0) err.printf(Locale.ROOT, "\r%6.1f%% %d / %d bytes", 100.0 * bytes / total, bytes, total);
      else err.printf(Locale.ROOT, "\r%d bytes", bytes);
    }

    void done() {
      if (printed) err.println();
    }
  }
}
