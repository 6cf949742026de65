package org.minternet.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.minternet.http.engine.Body;
import org.minternet.http.wire.ByteRange;
import org.minternet.http.wire.EntityTag;
import org.minternet.http.wire.HttpDate;

/**
 * Static files under a document root: GET and HEAD with validators, conditional requests (RFC
 * 9110 §13), ranges (§14) and gzip (with its own strong ETag and Vary); PUT and DELETE (the
 * server has authenticated the user before); OPTIONS.
 *
 * <p>No path can leave the root: {@code .} and {@code ..} segments (also when percent-encoded,
 * since the path is decoded first) are refused, and the real path of the file, symbolic links
 * resolved, must lie inside the real root.
 */
final class StaticFiles {
  static final String ALLOW = "GET, HEAD, PUT, DELETE, OPTIONS";
  /** The methods of {@link #ALLOW}. */
  static final java.util.Set<String> METHODS = java.util.Set.of("GET", "HEAD", "PUT", "DELETE",
      "OPTIONS");
  private static final int MAX_RANGES = 16;
  private static final long MAX_MULTIRANGE_BYTES = 8L * 1024 * 1024;
  private static final long MAX_GZIP_SOURCE = 4L * 1024 * 1024;
  private static final String INDEX = "index.html";

  private final Path root;
  private final boolean gzip;
  private static final long SMALL_FILE = 64 * 1024;
  private static final long METADATA_VALIDITY_NANOS = 1_000_000_000L;
  private final ConcurrentHashMap<String, byte[]> gzipCache = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Cached> metadata = new ConcurrentHashMap<>();
  private volatile Path realRoot;
  /** Bound on the memory each of the two caches (small files, gzip variants) may hold. */
  private static final long MAX_CACHED_BYTES = 32L * 1024 * 1024;
  private final java.util.concurrent.atomic.AtomicLong cachedBytes = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong gzipBytes = new java.util.concurrent.atomic.AtomicLong();

  StaticFiles(Path root, boolean gzip) {
    this.root = root;
    this.gzip = gzip;
  }

  Response handle(Request r) throws IOException {
    return switch (r.method()) {
      case "GET", "HEAD" -> get(r);
      case "PUT" -> put(r);
      case "DELETE" -> delete(r);
      case "OPTIONS" -> Response.status(204).header("Allow", ALLOW);
      default -> Response.error(405).header("Allow", ALLOW);
    };
  }

  /** The file for a decoded path, or null if the path tries to leave the root. */
  Path resolve(String path) {
    StringBuilder rel = new StringBuilder();
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) continue;
      if (segment.equals(".") || segment.equals("..") || segment.indexOf('\\') >= 0
          || segment.indexOf('\0') >= 0) {
        return null;
      }
      if (!rel.isEmpty()) rel.append('/');
      rel.append(segment);
    }
    Path file = root.resolve(rel.toString()).normalize();
    if (!file.startsWith(root)) return null;
    return file;
  }

  /** True if an existing file's real location is inside the real root (no symlink escapes). */
  private boolean insideRoot(Path file) throws IOException {
    return file.toRealPath().startsWith(realRoot());
  }

  private Path realRoot() throws IOException {
    Path r = realRoot;
    if (r == null) realRoot = r = root.toRealPath();
    return r;
  }

  /**
   * What a GET of a decoded path finds: a regular file inside the root (its real path checked),
   * a directory, or nothing. Small files keep their content.
   */
  record FileInfo(Path file, boolean directory, long size, long modifiedMillis, byte[] content,
      Validators validators) {}

  /**
   * What every response for a file carries, worked out once per look-up rather than per request:
   * its type, its Last-Modified value and the base of its ETag.
   */
  record Validators(String type, Instant modified, String lastModified, String etagBase,
      String etag, String gzipEtag) {
    static Validators of(Path file, long size, long modifiedMillis) {
      Instant modified = Instant.ofEpochSecond(modifiedMillis / 1000);
      String base = Long.toHexString(modifiedMillis) + "-" + Long.toHexString(size);
      return new Validators(ContentTypes.forName(file.getFileName().toString()), modified,
          HttpDate.format(modified), base, new EntityTag(base, false).toString(),
          new EntityTag(base + "-gz", false).toString());
    }
  }

  private record Cached(FileInfo info, long checkedNanos) {}

  /**
   * Looks a path up, remembering the answer for {@link #METADATA_VALIDITY_NANOS} (like nginx's
   * open_file_cache): a file edited on disk is seen within a second; PUT and DELETE forget at once.
   */
  private FileInfo lookup(String path) throws IOException {
    long now = System.nanoTime();
    Cached c = metadata.get(path);
    if (c != null && now - c.checkedNanos() < METADATA_VALIDITY_NANOS) return c.info();
    FileInfo info = stat(path);
    long added = info != null && info.content() != null ? info.content().length : 0;
    if (metadata.size() > 4096 || cachedBytes.addAndGet(added) > MAX_CACHED_BYTES) forget();
    metadata.put(path, new Cached(info, now));
    return info;
  }

  private FileInfo stat(String path) throws IOException {
    Path file = resolve(path);
    if (file == null) return null;
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
    if (!insideRoot(file)) return null;
    if (attrs.isDirectory()) return new FileInfo(file, true, 0, 0, null, null);
    if (!attrs.isRegularFile() || !Files.isReadable(file)) return null;
    byte[] content = null;
    if (attrs.size() <= SMALL_FILE) {
      content = Files.readAllBytes(file);
      if (content.length != attrs.size()) return stat(path);
    }
    long modified = attrs.lastModifiedTime().toMillis();
    return new FileInfo(file, false, attrs.size(), modified, content,
        Validators.of(file, attrs.size(), modified));
  }

  void forget() {
    metadata.clear();
    cachedBytes.set(0);
  }

  private Response get(Request r) throws IOException {
    FileInfo info = lookup(r.path());
    if (info == null) return Response.error(404);
    if (info.directory()) {
      if (!r.path().endsWith("/")) {
        String q = r.rawQuery().isEmpty() ? "" : "?" + r.rawQuery();
        return Response.redirect(301, r.rawPath() + "/" + q);
      }
      info = lookup(r.path() + INDEX);
      if (info == null || info.directory()) return Response.error(404);
    }
    Path file = info.file();
    long size = info.size();
    Validators v = info.validators();
    Instant modified = v.modified();
    String type = v.type();
    String base = v.etagBase();
    boolean compressible = gzip && ContentTypes.compressible(type);
    boolean useGzip = compressible && r.header("Range") == null && acceptsGzip(r)
        && size >= 64 && size <= MAX_GZIP_SOURCE;
    String etagText = useGzip ? v.gzipEtag() : v.etag();
    EntityTag etag = new EntityTag(useGzip ? base + "-gz" : base, false);

    Response validators = Response.status(200);
    validators.header("Last-Modified", v.lastModified()).header("ETag", etagText);
    if (compressible) validators.header("Vary", "Accept-Encoding");
    if (Conditionals.present(r)) {
      Integer precondition = Conditionals.evaluate(r, etag, modified, true);
      if (precondition != null) {
        Response out = Response.status(precondition);
        if (precondition == 304) {
          out.header("ETag", etagText).header("Last-Modified", v.lastModified());
          if (compressible) out.header("Vary", "Accept-Encoding");
        }
        return out;
      }
    }
    validators.header("Content-Type", type);
    if (useGzip) {
      byte[] gz = gzipped(file, base);
      return validators.header("Content-Encoding", "gzip").body(new Body.Bytes(gz));
    }
    validators.header("Accept-Ranges", "bytes");
    if (r.method().equals("GET") && r.header("Range") != null
        && Conditionals.ifRangeHolds(r.header("If-Range"), etag, modified)) {
      ByteRange.Outcome outcome = ByteRange.evaluate(r.header("Range"), size, MAX_RANGES);
      if (outcome instanceof ByteRange.Outcome.Unsatisfiable) {
        return Response.error(416).header("Content-Range", "bytes */" + size);
      }
      if (outcome instanceof ByteRange.Outcome.Ranges(List<ByteRange> ranges)
          && (ranges.size() == 1 || affordable(ranges, size))) {
        return partial(validators, file, type, size, ranges);
      }
    }
    if (info.content() != null) return validators.body(new Body.Bytes(info.content()));
    return validators.body(new Body.FileRegion(file, 0, size));
  }

  /**
   * Several ranges are assembled in memory: only when together they are smaller than the file and
   * than {@link #MAX_MULTIRANGE_BYTES}; otherwise the whole file is sent, which RFC 9110 §14.2
   * allows and which defeats overlapping-range amplification.
   */
  private static boolean affordable(List<ByteRange> ranges, long size) {
    long total = 0;
    for (ByteRange b : ranges) total += b.length();
    return total <= size && total <= MAX_MULTIRANGE_BYTES;
  }

  private Response partial(Response base, Path file, String type, long size, List<ByteRange> ranges)
      throws IOException {
    Response out = Response.status(206);
    for (var f : base.headers().fields()) {
      if (!f.name().equalsIgnoreCase("Content-Type")) out.header(f.name(), f.value());
    }
    if (ranges.size() == 1) {
      ByteRange b = ranges.get(0);
      return out.header("Content-Type", type).header("Content-Range", b.contentRange(size))
          .body(new Body.FileRegion(file, b.first(), b.length()));
    }
    String boundary = SessionStore.newId().substring(0, 24);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      for (ByteRange b : ranges) {
        body.write(("\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: "
            + b.contentRange(size) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] chunk = new byte[(int) b.length()];
        raf.seek(b.first());
        raf.readFully(chunk);
        body.write(chunk);
      }
    }
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return out.body(body.toByteArray(), "multipart/byteranges; boundary=" + boundary);
  }

  private static boolean acceptsGzip(Request r) {
    for (String coding : r.headers().list("Accept-Encoding")) {
      String[] parts = coding.split(";");
      String name = parts[0].trim();
      if (!name.equalsIgnoreCase("gzip") && !name.equals("*")) continue;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim().replace(" ", "");
        if (p.matches("(?i)q=0(\\.0{0,3})?")) return false;
      }
      return true;
    }
    return false;
  }

  private byte[] gzipped(Path file, String key) throws IOException {
    String cacheKey = file + "\0" + key;
    byte[] cached = gzipCache.get(cacheKey);
    if (cached != null) return cached;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(Files.readAllBytes(file));
    }
    byte[] result = out.toByteArray();
    if (gzipCache.size() > 256 || gzipBytes.addAndGet(result.length) > MAX_CACHED_BYTES) {
      gzipCache.clear();
      gzipBytes.set(result.length);
    }
    gzipCache.put(cacheKey, result);
    return result;
  }

  private Response put(Request r) throws IOException {
    forget();
    Path file = resolve(r.path());
    if (file == null || r.path().endsWith("/") || file.equals(root)) return Response.error(403);
    Path parent = file.getParent();
    Files.createDirectories(parent);
    if (!insideRoot(parent)) return Response.error(403);
    boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    if (exists && (Files.isDirectory(file) || !insideRoot(file))) return Response.error(403);
    if (r.header("If-None-Match") != null && r.header("If-None-Match").trim().equals("*") && exists) {
      return Response.error(412);
    }
    if (r.header("If-Match") != null && !exists) return Response.error(412);
    Path tmp = Files.createTempFile(parent, ".upload", ".tmp");
    try {
      Files.write(tmp, r.body());
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return exists ? Response.status(204)
        : Response.text(201, "Created\n").header("Location", r.rawPath());
  }

  private Response delete(Request r) throws IOException {
    forget();
    Path file = resolve(r.path());
    if (file == null || file.equals(root)) return Response.error(403);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return Response.error(404);
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) return Response.error(403);
    if (!insideRoot(file.getParent())) return Response.error(404);
    try {
      Files.delete(file);
    } catch (NoSuchFileException e) {
      return Response.error(404);
    }
    return Response.status(204);
  }
}
