package org.minternet.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.minternet.http.client.Fetch;
import org.minternet.http.client.FetchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code minternet fetch}: a curl-like client that can also load a page with its objects. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
    description = {"Download a URL, like curl; with --objects, also the objects the page references,"
        + " in one of the textbook's modes, with a waterfall of every request.",
        "Names resolve through the running world's DNS first, then the system's."},
    footer = {"", "Examples:", "  minternet fetch http://gaia.cs.umass.edu:8080/ --objects --mode non-persistent",
        "  minternet fetch http://gaia.cs.umass.edu:8080/ --objects --parallel 5",
        "  minternet fetch -x 127.6.0.1:3128 http://www.someschool.edu:8080/"})
final class FetchCli implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "URL")
  String url;

  @Option(names = {"-X", "--request"}, paramLabel = "METHOD", description = "Request method.")
  String method;

  @Option(names = {"-H", "--header"}, paramLabel = "LINE", description = "Extra header \"Name: value\" (repeatable).")
  List<String> headers = new ArrayList<>();

  @Option(names = {"-d", "--data"}, paramLabel = "DATA", description = "POST this body (@FILE reads a file).")
  String data;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the body to FILE.")
  Path output;

  @Option(names = {"-I", "--head"}, description = "HEAD: show the response head only.")
  boolean head;

  @Option(names = {"-i", "--include"}, description = "Show the response head before the body.")
  boolean include;

  @Option(names = {"-L", "--location"}, description = "Follow redirects.")
  boolean location;

  @Option(names = {"-x", "--proxy"}, paramLabel = "HOST:PORT", description = "Send requests through this proxy (e.g. the world's cache, 127.6.0.1:3128).")
  String proxy;

  @Option(names = "-v", description = "Show the exchange on the wire (so does --verbose).")
  boolean verbose;

  @Option(names = {"-k", "--insecure"}, description = "Accept any server certificate.")
  boolean insecure;

  @Option(names = "--objects", description = "Also fetch the objects the page references (img, script, link, source, video).")
  boolean objects;

  @Option(names = "--mode", defaultValue = "persistent", paramLabel = "MODE",
      description = "With --objects: non-persistent, persistent or pipelined (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--parallel", defaultValue = "1", paramLabel = "N", description = "With --objects: N parallel connections (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = {"-b", "-c", "--cookies"}, paramLabel = "FILE", description = "Cookie file (Netscape cookies.txt, as curl and wget use) to read and update.")
  Path cookies;

  @Option(names = "--cache", paramLabel = "DIR", description = "A local cache, revalidated with conditional GET.")
  Path cache;

  @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class, description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--dns", defaultValue = "auto", paramLabel = "MODE", description = "Name resolution: auto (world, then system), world, or system.")
  String dns;

  @Option(names = "--compressed", description = "Ask for gzip/deflate and decode the response; the waterfall shows transferred and decoded sizes.")
  boolean compressed;

  @Option(names = "--max-filesize", paramLabel = "SIZE", converter = SizeConverter.class,
      description = "Largest body accepted, as received and as decoded, e.g. 16m (default: 1g).")
  Long maxFileSize;

  @Option(names = {"-s", "--silent"}, description = "No progress display.")
  boolean silent;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "The world's data directory, whose certificate is trusted for HTTPS (default: $MINTERNET_DATA or ~/.minternet).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    FetchOptions o = new FetchOptions(url).method(method).data(data).output(output).head(head)
        .include(include).location(location).proxy(proxy).verbose(verbose || Main.verbose).insecure(insecure)
        .objects(objects).parallel(parallel).cookieFile(cookies).cacheDir(cache).timeout(timeout)
        .progress(!silent).resolver(WorldDns.choose(dns)).compressed(compressed);
    if (maxFileSize != null) o.maxFileSize(maxFileSize);
    try {
      o.mode(FetchOptions.Mode.parse(mode));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--" + e.getMessage());
    }
    for (String h : headers) o.header(h);
    Path dir = dataDir == null ? org.minternet.world.WorldOptions.defaultDataDir() : dataDir;
    if (!insecure) o.tls(ServerTrust.of(dir, "--data-dir", false));
    int rc = Fetch.run(o, System.out, System.err);
    System.out.flush();
    return rc == 0 ? 0 : Main.FAILED;
  }
}
