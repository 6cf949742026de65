package org.minternet.http.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.minternet.http.wire.Headers;
import org.minternet.http.wire.HttpVersion;
import org.minternet.http.wire.StatusLine;

/**
 * The client's private cache in a directory: a 200 response to GET is kept with its validators,
 * and the next request for the URL is made conditional (If-None-Match, If-Modified-Since, RFC 9110
 * §13.1); a 304 answer means the stored body is used. Responses marked {@code no-store} are not
 * kept. Each entry is two files named by the SHA-256 of the URL: {@code .head} and {@code .body}.
 */
public final class LocalCache {
  /** A stored response. */
  public record Entry(URI uri, Headers headers, byte[] body) {
    /** The conditional header fields that revalidate this entry. */
    public Headers validators() {
      Headers.Builder b = Headers.builder();
      if (headers.get("ETag") != null) b.add("If-None-Match", headers.get("ETag"));
      if (headers.get("Last-Modified") != null) b.add("If-Modified-Since", headers.get("Last-Modified"));
      return b.build();
    }
  }

  private final Path dir;

  public LocalCache(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
  }

  /** The stored entry for a URL, or null. */
  public Entry lookup(URI uri) {
    String key = key(uri);
    Path head = dir.resolve(key + ".head");
    Path body = dir.resolve(key + ".body");
    try {
      if (!Files.exists(head) || !Files.exists(body)) return null;
      String[] lines = Files.readString(head, StandardCharsets.UTF_8).split("\n");
      if (lines.length == 0 || !lines[0].equals(uri.toASCIIString())) return null;
      Headers.Builder h = Headers.builder();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) h.add(lines[i].substring(0, colon), lines[i].substring(colon + 1).trim());
      }
      return new Entry(uri, h.build(), Files.readAllBytes(body));
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Stores a 200 response to GET that has a validator and allows storing; true if stored. A body
   * the client decoded is stored decoded, with header fields that say so (no Content-Length, and
   * Content-Encoding only for codings still on it).
   */
  public boolean store(ClientResponse r) throws IOException {
    if (r.status() != 200) return false;
    for (String cc : r.headers().list("Cache-Control")) {
      if (cc.equalsIgnoreCase("no-store")) return false;
    }
    if (r.header("ETag") == null && r.header("Last-Modified") == null) return false;
    String key = key(r.uri());
    StringBuilder sb = new StringBuilder(r.uri().toASCIIString()).append('\n');
    Headers headers = r.headers();
    if (r.codings().isDecoded()) {
      Headers.Builder h = headers.toBuilder().remove("Content-Encoding").remove("Content-Length");
      if (!r.codings().undecoded().isEmpty()) {
        h.add("Content-Encoding", String.join(", ", r.codings().undecoded()));
      }
      headers = h.build();
    }
    for (Headers.Field f : headers.fields()) {
      sb.append(f.name()).append(": ").append(f.value()).append('\n');
    }
    write(dir.resolve(key + ".body"), r.body());
    write(dir.resolve(key + ".head"), sb.toString().getBytes(StandardCharsets.UTF_8));
    return true;
  }

  /**
   * Combines a 304 with the stored entry: the stored body with the stored header fields updated
   * by those of the 304 (RFC 9111 §3.2).
   */
  public ClientResponse freshen(Entry e, ClientResponse notModified) throws IOException {
    Headers.Builder h = e.headers().toBuilder();
    for (Headers.Field f : notModified.headers().fields()) {
      if (f.name().equalsIgnoreCase("Content-Length")) continue;
      h.set(f.name(), f.value());
    }
    ClientResponse r = new ClientResponse(new StatusLine(HttpVersion.HTTP_1_1, 200, "OK"),
        h.build(), e.body(), e.uri(), notModified.timing());
    store(r);
    return r;
  }

  private static void write(Path file, byte[] data) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".cache", ".tmp");
    Files.write(tmp, data);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static String key(URI uri) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(uri.toASCIIString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
