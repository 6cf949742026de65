package org.minternet.http;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A site for the engine's tests, shaped like the world's textbook site (which lives in module
 * world): a base page referencing {@link #IMAGES} images, a style sheet and a script, and a 1 MiB
 * file for range requests.
 */
public final class TestSite {
  /** Number of images the base page references. */
  public static final int IMAGES = 10;

  private TestSite() {}

  /** Writes the site into {@code dir} (created if needed). */
  public static void write(Path dir, String host) throws IOException {
    Files.createDirectories(dir.resolve("images"));
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html>\n<head>\n<title>")
        .append(host).append("</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n")
        .append("<script src=\"/script.js\"></script>\n</head>\n<body>\n<h1>Welcome to ")
        .append(host).append("</h1>\n");
    for (int i = 1; i <= IMAGES; i++) {
      Files.write(dir.resolve("images/img" + i + ".png"), png(16, 12, i));
      html.append("<img src=\"/images/img").append(i).append(".png\" alt=\"image ").append(i)
          .append("\">\n");
    }
    html.append("<p><a href=\"/visits\">Count my visits</a></p>\n</body>\n</html>\n");
    Files.writeString(dir.resolve("index.html"), html);
    Files.writeString(dir.resolve("style.css"),
        "body { font-family: sans-serif; margin: 2em; }\nimg { margin: 4px; }\n");
    Files.writeString(dir.resolve("script.js"), "console.log('" + host + " loaded');\n");
    byte[] big = new byte[1024 * 1024];
    for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + (i >> 8));
    Files.write(dir.resolve("big.bin"), big);
  }

  /** A small PNG whose colour depends on {@code seed}. */
  public static byte[] png(int width, int height, int seed) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) image.setRGB(x, y, seed * 0x1f3d5b + x * 0x10 + y);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
