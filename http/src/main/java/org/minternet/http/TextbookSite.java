package org.minternet.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes the content of a world web site: the textbook's base HTML page referencing ten images
 * (section 2.2: "a Web page that consists of a base HTML file and ten JPEG images"), a style
 * sheet, a script, a larger file for range requests, and a media page whose video element plays
 * and seeks a stored recording with Range requests ("streaming stored video"; the recording is a
 * generated WAV tone because no video encoder is at hand; any MP4 dropped next to it works the
 * same way).
 */
public final class TextbookSite {
  /** Number of images the base page references. */
  public static final int IMAGES = 10;

  private TextbookSite() {}

  /**
   * Writes the site for {@code host} into {@code dir} (created if needed). Existing files are
   * left alone, so that a user's edits survive a restart.
   */
  public static void write(Path dir, String host) throws IOException {
    Files.createDirectories(dir.resolve("images"));
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(DemoApps.escape(host)).append("</title>\n")
        .append("<link rel=\"stylesheet\" href=\"/style.css\">\n")
        .append("<script src=\"/script.js\"></script>\n</head>\n<body>\n<h1>Welcome to ")
        .append(DemoApps.escape(host)).append("</h1>\n")
        .append("<p>A base HTML file and ten referenced objects, as in the textbook.</p>\n");
    for (int i = 1; i <= IMAGES; i++) {
      String name = "images/img" + i + ".png";
      writeIfAbsent(dir.resolve(name), png(64, 48, i));
      html.append("<img src=\"/").append(name).append("\" alt=\"image ").append(i)
          .append("\" width=\"64\" height=\"48\">\n");
    }
    html.append("<p><a href=\"/visits\">Count my visits</a> (cookies) · <a href=\"/cart\">"
        + "Shopping cart</a> · <a href=\"/media.html\">Streaming stored media</a> · "
        + "<a href=\"/big.bin\">A 1 MiB file</a></p>\n</body>\n</html>\n");
    writeIfAbsent(dir.resolve("index.html"), html.toString().getBytes(StandardCharsets.UTF_8));
    writeIfAbsent(dir.resolve("style.css"), ("body { font-family: sans-serif; margin: 2em; }\n"
        + "img { margin: 4px; border: 1px solid #888; }\n").getBytes(StandardCharsets.UTF_8));
    writeIfAbsent(dir.resolve("script.js"), ("document.addEventListener('DOMContentLoaded', () =>"
        + " console.log('" + host.replace("'", "") + " loaded'));\n")
        .getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(dir.resolve("media"));
    writeIfAbsent(dir.resolve("media/lecture.wav"), wav(8000, 60));
    writeIfAbsent(dir.resolve("media.html"), ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        + "<title>Streaming stored media</title></head><body><h1>Streaming stored media</h1>\n"
        + "<p>The player fetches the recording with Range requests and seeks the same way.</p>\n"
        + "<video controls preload=\"metadata\" src=\"/media/lecture.wav\" width=\"480\" height=\"60\">"
        + "</video>\n</body></html>\n").getBytes(StandardCharsets.UTF_8));
    byte[] big = new byte[1024 * 1024];
    for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + (i >> 8));
    writeIfAbsent(dir.resolve("big.bin"), big);
  }

  private static void writeIfAbsent(Path file, byte[] data) throws IOException {
    if (!Files.exists(file)) Files.write(file, data);
  }

  /** A mono 16-bit PCM WAV recording of a 440 Hz tone with a beep every second. */
  static byte[] wav(int rate, int seconds) {
    int samples = rate * seconds;
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
        .putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
    for (int i = 0; i < samples; i++) {
      double amplitude = (i % rate) < rate / 10 ? 8000 : 2000;
      b.putShort((short) (amplitude * Math.sin(2 * Math.PI * 440 * i / rate)));
    }
    return b.array();
  }

  /** A small RGB PNG (RFC 2083) with a pattern that differs per {@code seed}. */
  static byte[] png(int width, int height, int seed) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    for (int y = 0; y < height; y++) {
      raw.write(0);
      for (int x = 0; x < width; x++) {
        boolean stripe = ((x + y + seed * 3) / 8) % 2 == 0;
        raw.write(stripe ? (seed * 53) & 0xff : 255 - seed * 20);
        raw.write(stripe ? (seed * 97) & 0xff : (x * 4) & 0xff);
        raw.write(stripe ? (seed * 151) & 0xff : (y * 5) & 0xff);
      }
    }
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    try (DeflaterOutputStream d = new DeflaterOutputStream(z, new Deflater(9))) {
      d.write(raw.toByteArray());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
        .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
