package org.minternet.world.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * and seeks a stored video with Range requests (section 2.6, "streaming stored video").
 *
 * <p>The video, {@value #VIDEO}, is a 40 s WebM recording (VP9 video 320x180 at 15 frames per
 * second with a keyframe every 2 s, so that a seek lands quickly; Opus mono audio, a quiet 440 Hz
 * tone that beeps every second; 382,795 bytes) shipped as the resource
 * {@code textbook/lecture.webm} next to this class. It shows a test pattern with a running clock
 * and frame counter, so a seek can be checked by eye. It was generated once with Debian's ffmpeg
 * 5.1 (ffmpeg is needed neither to build nor to run; running the command again gives a file that
 * differs only in its random segment UID):
 *
 * <pre>{@code
 * ffmpeg -f lavfi -i "testsrc2=size=320x180:rate=15:duration=40" \
 *   -f lavfi -i "sine=frequency=440:beep_factor=2:sample_rate=48000:duration=40" \
 *   -vf "drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf:text='minternet  %{pts\:hms}  frame %{frame_num}':x=8:y=h-24:fontsize=14:fontcolor=white:box=1:boxcolor=black@0.6" \
 *   -af "volume=0.1" \
 *   -c:v libvpx-vp9 -b:v 50k -minrate 20k -maxrate 80k -g 30 -keyint_min 30 -deadline good -cpu-used 2 -row-mt 1 -pix_fmt yuv420p \
 *   -c:a libopus -b:a 16k -ac 1 \
 *   -metadata title="Minternet lecture (test pattern)" lecture.webm
 * }</pre>
 */
public final class TextbookSite {
  /** Number of images the base page references. */
  public static final int IMAGES = 10;

  /** Path of the stored video in the site, played by {@code /media.html}. */
  public static final String VIDEO = "media/lecture.webm";

  private static final String VIDEO_RESOURCE = "textbook/lecture.webm";

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
        + "Shopping cart</a> · <a href=\"/media.html\">Streaming stored video</a> · "
        + "<a href=\"/big.bin\">A 1 MiB file</a></p>\n</body>\n</html>\n");
    writeIfAbsent(dir.resolve("index.html"), html.toString().getBytes(StandardCharsets.UTF_8));
    writeIfAbsent(dir.resolve("style.css"), ("body { font-family: sans-serif; margin: 2em; }\n"
        + "img { margin: 4px; border: 1px solid #888; }\n").getBytes(StandardCharsets.UTF_8));
    writeIfAbsent(dir.resolve("script.js"), ("document.addEventListener('DOMContentLoaded', () =>"
        + " console.log('" + host.replace("'", "") + " loaded'));\n")
        .getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(dir.resolve("media"));
    writeIfAbsent(dir.resolve(VIDEO), video());
    writeIfAbsent(dir.resolve("media.html"), ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
        + "<title>Streaming stored video</title></head><body><h1>Streaming stored video</h1>\n"
        + "<p>The player fetches the video with Range requests, and seeks the same way: it asks for"
        + " the bytes from the nearest keyframe on.</p>\n"
        + "<video controls preload=\"metadata\" width=\"320\" height=\"180\">\n"
        + "<source src=\"/" + VIDEO + "\" type=\"video/webm\">\n"
        + "<a href=\"/" + VIDEO + "\">Download the video</a>\n</video>\n</body></html>\n")
        .getBytes(StandardCharsets.UTF_8));
    byte[] big = new byte[1024 * 1024];
    for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + (i >> 8));
    writeIfAbsent(dir.resolve("big.bin"), big);
  }

  private static void writeIfAbsent(Path file, byte[] data) throws IOException {
    if (!Files.exists(file)) Files.write(file, data);
  }

  /** The stored video's bytes, from the resource next to this class. */
  static byte[] video() throws IOException {
    try (InputStream in = TextbookSite.class.getResourceAsStream(VIDEO_RESOURCE)) {
      if (in == null) throw new IOException("resource missing: " + VIDEO_RESOURCE);
      return in.readAllBytes();
    }
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
