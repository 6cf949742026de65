package org.minternet.http.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.minternet.core.naming.NameResolver;

/**
 * Options of {@code minternet fetch}, one setter per command-line option (curl's letters where
 * curl has them). Build with {@code new FetchOptions(url)} and chain the setters.
 */
public final class FetchOptions {
  /** How {@code --objects} fetches the referenced objects (the textbook's section 2.2.2). */
  public enum Mode {
    /** A new TCP connection for every object ({@code Connection: close}). */
    NON_PERSISTENT,
    /** Objects one after another over kept-alive connections. */
    PERSISTENT,
    /** All requests written at once on each connection, responses read in order. */
    PIPELINED;

    /** Parses the command-line spelling: {@code non-persistent}, {@code persistent}, {@code pipelined}. */
    public static Mode parse(String s) {
      return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "non-persistent", "nonpersistent", "np" -> NON_PERSISTENT;
        case "persistent", "p" -> PERSISTENT;
        case "pipelined", "pipelining", "pipeline" -> PIPELINED;
        default -> throw new IllegalArgumentException(
            "mode must be non-persistent, persistent or pipelined: " + s);
      };
    }
  }

  /** The default of {@link #maxFileSize}: 1 GiB. */
  public static final long DEFAULT_MAX_FILE_SIZE = 1L << 30;

  private final String url;
  private String method;
  private final List<String> headers = new ArrayList<>();
  private String data;
  private Path output;
  private boolean head;
  private boolean include;
  private boolean location;
  private String proxy;
  private boolean verbose;
  private boolean objects;
  private Mode mode = Mode.PERSISTENT;
  private int parallel = 1;
  private Path cookieFile;
  private Path cacheDir;
  private boolean insecure;
  private SSLContext tls;
  private NameResolver resolver = NameResolver.system();
  private Duration timeout = Duration.ofSeconds(30);
  private boolean progress = true;
  private boolean compressed;
  private long maxFileSize = DEFAULT_MAX_FILE_SIZE;

  public FetchOptions(String url) {
    this.url = Objects.requireNonNull(url);
  }

  /** {@code -X METHOD}. */
  public FetchOptions method(String method) {
    this.method = method;
    return this;
  }

  /** {@code -H "Name: value"}, repeatable. */
  public FetchOptions header(String line) {
    headers.add(line);
    return this;
  }

  /** {@code -d DATA} (POST, form-urlencoded unless a Content-Type is given); {@code @file} reads a file. */
  public FetchOptions data(String data) {
    this.data = data;
    return this;
  }

  /** {@code -o FILE}. */
  public FetchOptions output(Path output) {
    this.output = output;
    return this;
  }

  /** {@code -I}: HEAD, print the response head. */
  public FetchOptions head(boolean head) {
    this.head = head;
    return this;
  }

  /** {@code -i}: print the response head before the body. */
  public FetchOptions include(boolean include) {
    this.include = include;
    return this;
  }

  /** {@code -L}: follow redirects (up to 10). */
  public FetchOptions location(boolean follow) {
    this.location = follow;
    return this;
  }

  /** {@code --proxy host:port}. */
  public FetchOptions proxy(String hostPort) {
    this.proxy = hostPort;
    return this;
  }

  /** {@code -v}: show the request and response heads on the error stream. */
  public FetchOptions verbose(boolean verbose) {
    this.verbose = verbose;
    return this;
  }

  /** {@code --objects}: also fetch the objects the page references, and print a waterfall. */
  public FetchOptions objects(boolean objects) {
    this.objects = objects;
    return this;
  }

  /** {@code --mode non-persistent|persistent|pipelined}. */
  public FetchOptions mode(Mode mode) {
    this.mode = Objects.requireNonNull(mode);
    return this;
  }

  /** {@code --parallel N}: N connections at once (per origin). */
  public FetchOptions parallel(int n) {
    if (n < 1) throw new IllegalArgumentException("parallel " + n);
    this.parallel = n;
    return this;
  }

  /** {@code --cookies FILE}: read cookies from and save them to this cookies.txt file. */
  public FetchOptions cookieFile(Path file) {
    this.cookieFile = file;
    return this;
  }

  /** {@code --cache DIR}: the local cache, revalidated with conditional GET. */
  public FetchOptions cacheDir(Path dir) {
    this.cacheDir = dir;
    return this;
  }

  /** {@code -k}: accept any server certificate. */
  public FetchOptions insecure(boolean insecure) {
    this.insecure = insecure;
    return this;
  }

  /** A client TLS context (e.g. trusting the world's certificate). */
  public FetchOptions tls(SSLContext tls) {
    this.tls = tls;
    return this;
  }

  /** The resolver for host names (the world's inside the world). */
  public FetchOptions resolver(NameResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver);
    return this;
  }

  public FetchOptions timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout);
    return this;
  }

  /** Progress of large downloads to a file on the error stream (default on). */
  public FetchOptions progress(boolean progress) {
    this.progress = progress;
    return this;
  }

  /**
   * {@code --compressed}: ask for {@code Accept-Encoding: gzip, deflate} and decode the bodies
   * (gzip, deflate, chains of them); codings the client does not know are left and reported. The
   * waterfall then shows the bytes transferred and the bytes decoded.
   */
  public FetchOptions compressed(boolean compressed) {
    this.compressed = compressed;
    return this;
  }

  /**
   * {@code --max-filesize BYTES}: the largest body accepted, as received and, with {@code
   * --compressed}, as decoded (default 1 GiB); a larger one fails (a page load's object alone).
   */
  public FetchOptions maxFileSize(long bytes) {
    if (bytes < 1) throw new IllegalArgumentException("max-filesize " + bytes);
    this.maxFileSize = bytes;
    return this;
  }

  String url() {
    return url;
  }

  String method() {
    return method;
  }

  List<String> headers() {
    return headers;
  }

  String data() {
    return data;
  }

  Path output() {
    return output;
  }

  boolean head() {
    return head;
  }

  boolean include() {
    return include;
  }

  boolean location() {
    return location;
  }

  String proxy() {
    return proxy;
  }

  boolean verbose() {
    return verbose;
  }

  boolean objects() {
    return objects;
  }

  Mode mode() {
    return mode;
  }

  int parallel() {
    return parallel;
  }

  Path cookieFile() {
    return cookieFile;
  }

  Path cacheDir() {
    return cacheDir;
  }

  boolean insecure() {
    return insecure;
  }

  SSLContext tls() {
    return tls;
  }

  NameResolver resolver() {
    return resolver;
  }

  Duration timeout() {
    return timeout;
  }

  boolean progress() {
    return progress;
  }

  boolean compressed() {
    return compressed;
  }

  long maxFileSize() {
    return maxFileSize;
  }
}
