package org.minternet.http.proxy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.minternet.http.wire.Headers;

/**
 * The disk tier of the cache: one file per cache key (named by the SHA-256 of the key) in a
 * directory of the data directory, holding all its variants, so that the cache survives a
 * restart. Files are written whole to a temporary name and renamed, on one background thread in
 * order; a file that does not parse (torn, foreign, older format) is deleted and counts as a miss.
 * When the directory grows beyond its bound, the least recently used files are deleted.
 */
final class DiskTier implements AutoCloseable {
  private static final Logger LOG = System.getLogger(DiskTier.class.getName());
  private static final int MAGIC = 0x4d4e4331; // "MNC1"
  /** Largest header count or value accepted when reading a file back. */
  private static final int MAX_FIELDS = 1000;

  private final Path dir;
  private final long maxBytes;
  private final Map<String, Long> sizes = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();
  private final ExecutorService writer = Executors.newSingleThreadExecutor(
      Thread.ofVirtual().name("http-cache-disk").factory());

  DiskTier(Path dir, long maxBytes) throws IOException {
    this.dir = dir;
    this.maxBytes = maxBytes;
    Files.createDirectories(dir);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".tmp")) {
          Files.deleteIfExists(f);
        } else if (name.length() == 64) {
          long size = Files.size(f);
          sizes.put(name, size);
          total.addAndGet(size);
        }
      }
    }
  }

  static String fileName(String key) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The variants stored under {@code key}; empty when none or unreadable. */
  List<StoredResponse> read(String key) {
    String name = fileName(key);
    if (!sizes.containsKey(name)) return List.of();
    Path f = dir.resolve(name);
    try (InputStream in = Files.newInputStream(f)) {
      List<StoredResponse> list = decode(new DataInputStream(in), key);
      Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
      return list;
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "dropping unreadable cache file " + f + ": " + e);
      forget(name);
      return List.of();
    }
  }

  void write(String key, List<StoredResponse> variants) {
    byte[] data;
    try {
      data = encode(variants);
    } catch (IOException e) {
      return;
    }
    String name = fileName(key);
    submit(() -> {
      Path tmp = dir.resolve(name + ".tmp");
      Files.write(tmp, data);
      Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      Long old = sizes.put(name, (long) data.length);
      total.addAndGet(data.length - (old == null ? 0 : old));
      if (total.get() > maxBytes) evict();
    });
  }

  void delete(String key) {
    String name = fileName(key);
    submit(() -> forget(name));
  }

  private void forget(String name) {
    Long old = sizes.remove(name);
    if (old != null) total.addAndGet(-old);
    try {
      Files.deleteIfExists(dir.resolve(name));
    } catch (IOException ignored) {
      // gone anyway
    }
  }

  private interface IoTask {
    void run() throws IOException;
  }

  private void submit(IoTask task) {
    try {
      writer.execute(() -> {
        try {
          task.run();
        } catch (IOException e) {
          LOG.log(Level.WARNING, "cache disk tier: " + e.getMessage());
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  /** Deletes least recently used files until the tier is 90% of its bound. */
  private void evict() throws IOException {
    Map<String, Long> times = new HashMap<>();
    for (String name : sizes.keySet()) {
      try {
        times.put(name, Files.getLastModifiedTime(dir.resolve(name)).toMillis());
      } catch (IOException e) {
        times.put(name, 0L);
      }
    }
    List<String> order = new ArrayList<>(times.keySet());
    order.sort((a, b) -> Long.compare(times.get(a), times.get(b)));
    for (String name : order) {
      if (total.get() <= maxBytes * 9 / 10) break;
      forget(name);
    }
  }

  long bytes() {
    return total.get();
  }

  /** Waits for pending writes (for tests and an orderly shutdown). */
  void sync() {
    var done = new java.util.concurrent.CountDownLatch(1);
    try {
      writer.execute(done::countDown);
      done.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed
    }
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static byte[] encode(List<StoredResponse> variants) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MAGIC);
    out.writeInt(variants.size());
    for (StoredResponse r : variants) {
      out.writeUTF(r.key());
      out.writeInt(r.status());
      out.writeUTF(r.reason());
      out.writeLong(r.requestTime());
      out.writeLong(r.responseTime());
      out.writeInt(r.varyValues().size());
      for (Map.Entry<String, String> e : r.varyValues().entrySet()) {
        out.writeUTF(e.getKey());
        out.writeBoolean(e.getValue() != null);
        out.writeUTF(e.getValue() == null ? "" : e.getValue());
      }
      out.writeInt(r.headers().size());
      for (Headers.Field f : r.headers().fields()) {
        out.writeUTF(f.name());
        out.writeUTF(f.value());
      }
      out.writeInt(r.body().length);
      out.write(r.body());
    }
    out.flush();
    return bytes.toByteArray();
  }

  static List<StoredResponse> decode(DataInputStream in, String key) throws IOException {
    if (in.readInt() != MAGIC) throw new IOException("not a cache file");
    int n = in.readInt();
    if (n < 0 || n > CacheStore.MAX_VARIANTS) throw new IOException("bad variant count");
    List<StoredResponse> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String k = in.readUTF();
      if (!k.equals(key)) throw new IOException("hash collision or foreign file");
      int status = in.readInt();
      String reason = in.readUTF();
      long reqTime = in.readLong();
      long respTime = in.readLong();
      int nv = in.readInt();
      if (nv < 0 || nv > MAX_FIELDS) throw new IOException("bad vary count");
      Map<String, String> vary = new HashMap<>();
      for (int j = 0; j < nv; j++) {
        String name = in.readUTF();
        boolean present = in.readBoolean();
        String value = in.readUTF();
        vary.put(name, present ? value : null);
      }
      int nh = in.readInt();
      if (nh < 0 || nh > MAX_FIELDS) throw new IOException("bad header count");
      Headers.Builder h = Headers.builder();
      for (int j = 0; j < nh; j++) h.add(in.readUTF(), in.readUTF());
      int len = in.readInt();
      if (len < 0) throw new IOException("bad body length");
      byte[] body = in.readNBytes(len);
      if (body.length != len) throw new IOException("truncated body");
      out.add(new StoredResponse(k, status, reason, h.build(), body,
          java.util.Collections.unmodifiableMap(vary), reqTime, respTime));
    }
    return out;
  }
}
