package org.minternet.http;

import java.util.Locale;
import java.util.Map;

/** Media types by file extension, and which of them are worth compressing. */
final class ContentTypes {
  private ContentTypes() {}

  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("txt", "text/plain; charset=utf-8"),
      Map.entry("xml", "application/xml"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("jpg", "image/jpeg"),
      Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"),
      Map.entry("webp", "image/webp"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("mp4", "video/mp4"),
      Map.entry("webm", "video/webm"),
      Map.entry("ogv", "video/ogg"),
      Map.entry("mp3", "audio/mpeg"),
      Map.entry("wav", "audio/wav"),
      Map.entry("pdf", "application/pdf"),
      Map.entry("zip", "application/zip"),
      Map.entry("gz", "application/gzip"),
      Map.entry("wasm", "application/wasm"),
      Map.entry("woff2", "font/woff2"));

  static String forName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0) return "application/octet-stream";
    return TYPES.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT),
        "application/octet-stream");
  }

  static boolean compressible(String type) {
    return type.startsWith("text/") || type.startsWith("application/json")
        || type.startsWith("application/xml") || type.startsWith("image/svg+xml");
  }
}
